export default definePageConfig({ navigationBarTitleText: '窗口与菜单' })
