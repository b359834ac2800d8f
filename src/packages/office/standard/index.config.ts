// No pull-down: it would throw away edits that are not saved yet.
export default definePageConfig({ navigationBarTitleText: '服务标准' })
