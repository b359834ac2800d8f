export default definePageConfig({ navigationBarTitleText: '未送达的订阅消息', enablePullDownRefresh: true })
