export default defineAppConfig({
  pages: [
    'pages/home/index',
    'pages/tickets/index',
    'pages/canteen/index',
    'pages/me/index',
    'pages/login/index',
  ],
  // Role areas load only for those who open them.
  subPackages: [
    { root: 'packages/worker', pages: ['jobs/index', 'crew/index'] },
    { root: 'packages/office', pages: ['queue/index', 'standard/index', 'outbox/index', 'all/index'] },
    // 消息 beside the ticket page it opens: one download for both.
    { root: 'packages/ticket', pages: ['detail/index', 'messages/index', 'search/index'] },
    // A stall's QR code opens stall/index straight away: one download for rating and feedback.
    { root: 'packages/canteen', pages: ['stall/index', 'rate/index', 'file/index', 'feedback/index', 'mine/index'] },
    // The canteen manager's and the office's canteen pages.
    {
      root: 'packages/canteenAdmin',
      pages: ['overview/index', 'stalls/index', 'stall/index', 'menu/index', 'codes/index', 'settings/index', 'review/index'],
    },
    // Office reports with charts: echarts lives only here.
    {
      root: 'packages/reports',
      pages: [
        'canteen/index',
        // 报修报表
        'repair/index', 'facts/index', 'settings/index',
        // 考核
        'assessment/index', 'assessment/person', 'assessment/item', 'assessment-policy/index', 'assessment-log/index',
        'my-assessment/index', 'my-assessment/facts',
      ],
    },
    // The office's onboarding: people, invitations, places, catalogs, imports.
    {
      root: 'packages/admin',
      pages: [
        'index/index',
        'people/index', 'person/index', 'invite/index', 'invitations/index', 'audit/index',
        'places/index', 'building/index', 'codes/index', 'categories/index', 'crews/index', 'crew/index',
        'import/index',
      ],
    },
    // 我的资料, and the pages an invitation or the setup code opens.
    { root: 'packages/profile', pages: ['edit/index', 'join/index', 'setup/index'] },
  ],
  window: {
    backgroundTextStyle: 'light',
    navigationBarBackgroundColor: '#1f6feb',
    navigationBarTitleText: '后勤一站通',
    navigationBarTextStyle: 'white',
    backgroundColor: '#f5f6f8',
    // WeChat draws the title bar itself; Taro's H5 router draws it only when asked (src/h5shell.ts).
    ...(process.env.TARO_ENV === 'h5' ? { navigationStyle: 'default' as const } : {}),
  },
  tabBar: {
    color: '#666666',
    selectedColor: '#1f6feb',
    backgroundColor: '#ffffff',
    borderStyle: 'black',
    list: [
      { pagePath: 'pages/home/index', text: '报修', iconPath: 'assets/tabbar/report.png', selectedIconPath: 'assets/tabbar/report-on.png' },
      { pagePath: 'pages/tickets/index', text: '我的工单', iconPath: 'assets/tabbar/tickets.png', selectedIconPath: 'assets/tabbar/tickets-on.png' },
      { pagePath: 'pages/canteen/index', text: '食堂', iconPath: 'assets/tabbar/canteen.png', selectedIconPath: 'assets/tabbar/canteen-on.png' },
      { pagePath: 'pages/me/index', text: '我的', iconPath: 'assets/tabbar/me.png', selectedIconPath: 'assets/tabbar/me-on.png' },
    ],
  },
})
