// Runs first in <body>: lets GOV.UK Frontend's styles for scripted components apply before first paint.
document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');
