/**
 * H5 only (required from app.tsx under TARO_ENV === 'h5', so the mini-program never carries it): the
 * shell WeChat draws natively. Taro's router draws the title bar (window.navigationStyle 'default' in
 * app.config for H5) with the page's title, 返回 on a page opened from another, 首页 on one opened
 * first, none on tab pages, and titles set at run time; and the tab bar on tab pages only. Here it is
 * sized like WeChat's (44 px, the title in the middle) and its buttons get labels a screen reader and
 * the e2e tests find.
 */
import './h5shell.scss'

const LABELS: Record<string, string> = { 'taro-navigation-bar-back': '返回', 'taro-navigation-bar-home': '首页' }

/** The bar is made by the router before the app renders; label its buttons once they exist. */
export function labelShell(): void {
  for (const [cls, label] of Object.entries(LABELS)) {
    const button = document.querySelector(`#taro-navigation-bar .${cls}`)
    if (!button || button.getAttribute('aria-label')) continue
    button.setAttribute('role', 'button')
    button.setAttribute('aria-label', label)
    button.setAttribute('tabindex', '0')
    // A keyboard user presses Enter like a tap.
    button.addEventListener('keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Enter') (button as HTMLElement).click()
    })
  }
}
