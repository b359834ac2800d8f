export default definePageConfig({ navigationBarTitleText: '意见与投诉' })
