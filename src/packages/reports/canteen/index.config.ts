export default definePageConfig({ navigationBarTitleText: '食堂评价汇总', enablePullDownRefresh: true })
