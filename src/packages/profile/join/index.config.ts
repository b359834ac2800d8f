export default definePageConfig({ navigationBarTitleText: '加入后勤一站通' })
