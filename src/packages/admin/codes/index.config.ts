export default definePageConfig({ navigationBarTitleText: '房间码打印页' })
