export default definePageConfig({ navigationBarTitleText: '校区与楼栋' })
