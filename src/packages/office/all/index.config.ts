export default definePageConfig({ navigationBarTitleText: '全部工单' })
