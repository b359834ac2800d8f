export default definePageConfig({ navigationBarTitleText: '班组看板', enablePullDownRefresh: true })
