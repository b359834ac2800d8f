export default defineAppConfig({
  pages: [
    'pages/home/index',
    'pages/tickets/index',
    'pages/me/index',
    'pages/login/index',
  ],
  // Role areas load only for those who open them.
  subPackages: [
    { root: 'packages/worker', pages: ['jobs/index', 'crew/index'] },
    { root: 'packages/office', pages: ['queue/index', 'standard/index', 'outbox/index'] },
    // 消息 beside the ticket page it opens: one download for both.
    { root: 'packages/ticket', pages: ['detail/index', 'messages/index'] },
    // Office reports with charts: echarts lives only here.
    { root: 'packages/reports', pages: ['canteen/index'] },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1f6feb',
    navigationBarTitleText: '后勤一站通',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f6f8',
  },
  tabBar: {
    color: '#666666',
    selectedColor: '#1f6feb',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/home/index', text: '报修', iconPath: 'assets/tabbar/report.png', selectedIconPath: 'assets/tabbar/report-on.png' },
      { pagePath: 'pages/tickets/index', text: '我的工单', iconPath: 'assets/tabbar/tickets.png', selectedIconPath: 'assets/tabbar/tickets-on.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tabbar/me.png', selectedIconPath: 'assets/tabbar/me-on.png' },
    ],
  },
})
