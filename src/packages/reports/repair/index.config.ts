export default definePageConfig({ navigationBarTitleText: '报修报表', enablePullDownRefresh: true })
