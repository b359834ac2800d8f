export default definePageConfig({ navigationBarTitleText: '考核记录', enablePullDownRefresh: true })
