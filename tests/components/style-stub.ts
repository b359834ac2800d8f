// Stylesheets imported by components: jsdom applies no layout, so the tests check words and behaviour.
export default {}
