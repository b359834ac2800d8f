export default definePageConfig({ navigationBarTitleText: '邀请师傅或食堂经理' })
