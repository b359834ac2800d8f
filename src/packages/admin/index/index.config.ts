export default definePageConfig({ navigationBarTitleText: '人员与场所' })
