export default definePageConfig({ navigationBarTitleText: '食堂窗口', enablePullDownRefresh: true })
