export default definePageConfig({ navigationBarTitleText: '个人考核明细' })
