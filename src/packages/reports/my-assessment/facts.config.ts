export default definePageConfig({ navigationBarTitleText: '考核工单', enablePullDownRefresh: true })
