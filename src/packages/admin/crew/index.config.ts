export default definePageConfig({ navigationBarTitleText: '班组设置' })
