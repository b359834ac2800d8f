export default definePageConfig({ navigationBarTitleText: '菜单与今日供应' })
