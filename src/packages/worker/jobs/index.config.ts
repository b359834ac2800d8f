export default definePageConfig({ navigationBarTitleText: '我的派工', enablePullDownRefresh: true })
