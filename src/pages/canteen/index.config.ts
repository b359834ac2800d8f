export default definePageConfig({ navigationBarTitleText: '食堂', enablePullDownRefresh: true })
