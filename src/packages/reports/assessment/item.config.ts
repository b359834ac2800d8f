export default definePageConfig({ navigationBarTitleText: '加减分' })
