/** The port of the e2e server's inbound SMTP listener (fixed, like its HTTP port; set in playwright.config.ts). */
export const smtpListenPort = 18025;
