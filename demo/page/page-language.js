// controls.html?lang=ar: the page's language and direction, set before the widgets load.
const lang = new URLSearchParams(location.search).get('lang');
if (lang) {
  document.documentElement.lang = lang;
  document.documentElement.dir = /^(ar|he)$/.test(lang) ? 'rtl' : 'ltr';
}
