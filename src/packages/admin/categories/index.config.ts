export default definePageConfig({ navigationBarTitleText: '报修类别' })
