/**
 * The built-in tables behind `software-normalise.ts`: publishers' canonical spellings, products known by
 * their package names, and the patterns that mark an entry as noise. Kept apart so the rules read as
 * code and the tables as data; extending a table never changes how the rules work.
 */

/** Canonical spelling of well-known publishers, by their lowercase name once legal suffixes are gone. */
export const canonicalPublishers: ReadonlyMap<string, string> = new Map(
  [
    'Adobe', 'Apple', 'Atlassian', 'Autodesk', 'Broadcom', 'Cisco', 'Citrix', 'Dell', 'Docker', 'Dropbox', 'GitHub',
    'Google', 'HP', 'IBM', 'Igor Pavlov', 'Intel', 'JetBrains', 'Lenovo', 'Logitech', 'Microsoft', 'Mozilla', 'NVIDIA',
    'Oracle', 'Postman', 'Python Software Foundation', 'SAP', 'Salesforce', 'Slack Technologies', 'Spotify', 'TeamViewer',
    'The Document Foundation', 'The Git Development Community', 'The GIMP Team', 'VideoLAN', 'VMware',
    'Zoom Video Communications',
  ].map((name) => [name.toLowerCase(), name]),
);

/** Publishers known under older or regional names, by lowercase name once legal suffixes are gone. */
export const renamedPublishers: ReadonlyMap<string, string> = new Map([
  ['adobe systems', 'Adobe'],
  ['cisco systems', 'Cisco'],
  ['citrix systems', 'Citrix'],
  ['hewlett-packard', 'HP'],
  ['hewlett packard', 'HP'],
  ['hp development', 'HP'],
  ['mozilla foundation', 'Mozilla'],
  ['sun microsystems', 'Oracle'],
]);

/** Legal-form suffixes stripped from the end of a publisher: "Microsoft Corporation", "JetBrains s.r.o.", "Spotify AB". */
export const legalSuffix =
  /[\s,]+(?:inc|incorporated|corp|corporation|co|company|ltd|limited|llc|l\.l\.c|llp|lp|l\.p|gmbh|ag|kg|ab|sa|s\.a|sas|s\.a\.s|sarl|s\.a\.r\.l|bv|b\.v|nv|n\.v|plc|pty|pte|srl|s\.r\.l|sro|s\.r\.o|spa|s\.p\.a|oy|oyj|as|a\/s|aps|kk|k\.k|se|sl|s\.l|ulc)\.?$/i;

/** Regional or holding words after a brand: "Oracle America", "TeamViewer Germany", "Logitech Europe". */
export const regionalSuffix = /\s+(?:america|europe|emea|germany|deutschland|international|holdings?)$/i;

/** Publishers that repackage others' software (Linux distributions, package managers): the product's own publisher wins. */
export const packagerPublisher = /^(?:debian|ubuntu|canonical|fedora|centos|rocky|almalinux|red hat|opensuse|suse|homebrew|chocolatey|alpine)\b/i;

/** Products known by package or bundle names, by lowercase cleaned name: [publisher, product]. */
export const knownProducts: ReadonlyMap<string, readonly [string, string]> = new Map<string, readonly [string, string]>([
  ...['firefox', 'mozilla firefox'].map((k) => [k, ['Mozilla', 'Firefox']] as const),
  ['firefox-esr', ['Mozilla', 'Firefox ESR']],
  ...['thunderbird', 'mozilla thunderbird'].map((k) => [k, ['Mozilla', 'Thunderbird']] as const),
  ...['google-chrome', 'google chrome', 'chrome'].map((k) => [k, ['Google', 'Chrome']] as const),
  ['libreoffice', ['The Document Foundation', 'LibreOffice']],
  ...['code', 'visual studio code'].map((k) => [k, ['Microsoft', 'Visual Studio Code']] as const),
  ['microsoft-edge', ['Microsoft', 'Edge']],
  ['zoom', ['Zoom Video Communications', 'Zoom']],
  ...['slack', 'slack-desktop'].map((k) => [k, ['Slack Technologies', 'Slack']] as const),
  ...['vlc', 'vlc media player'].map((k) => [k, ['VideoLAN', 'VLC media player']] as const),
  ...['7zip', '7-zip', 'p7zip'].map((k) => [k, ['Igor Pavlov', '7-Zip']] as const),
  ['gimp', ['The GIMP Team', 'GIMP']],
  ['git', ['The Git Development Community', 'Git']],
  ['teamviewer', ['TeamViewer', 'TeamViewer']],
  ['virtualbox', ['Oracle', 'VM VirtualBox']],
]);

/** Package families whose parts are one product: "libreoffice-core", "libreoffice-writer" → LibreOffice. */
export const suiteStems: readonly string[] = ['libreoffice'];

/** Packaging suffixes on a package name: "-core", "-stable", "-full"… (the suite collapse handles the rest). */
export const packageSuffix = /[-_](?:core|common|bin|stable|beta|full|gtk3?|qt[56]?|nox)$/i;

/** What remains after the publisher when it would say nothing alone, so "VMware Tools" keeps "VMware". */
export const genericWords: ReadonlySet<string> = new Set([
  'agent', 'app', 'apps', 'client', 'desktop', 'driver', 'drivers', 'helper', 'player', 'plugin', 'plug-in', 'runtime',
  'service', 'services', 'software', 'suite', 'tools', 'update', 'updater',
]);

/** Architecture and bitness tokens: never part of a product name. */
export const archToken = /^(?:x64|x86|x86_64|x86-64|amd64|arm64|aarch64|ia64|i386|i686|win64|win32|64-?bits?|32-?bits?)$/i;

const languages = 'ar|bg|cs|da|de|el|en|es|et|fi|fr|he|hr|hu|it|ja|ko|lt|lv|nb|nl|no|pl|pt|ro|ru|sk|sl|sr|sv|th|tr|uk|zh';
/** Language tags: "en-US", "de-de", "pt-BR" anywhere; bare "en" only inside brackets or after " - ". */
export const languageTag = new RegExp(`^(?:${languages})-[a-z]{2,4}$`, 'i');
export const bareLanguage = new RegExp(`^(?:${languages})$`, 'i');
/** Language names and installer words that mean nothing inside brackets or after " - ": "(remove only)", "- English". */
export const qualifierWords: ReadonlySet<string> = new Set([
  'english', 'german', 'deutsch', 'french', 'français', 'francais', 'spanish', 'español', 'espanol', 'italian', 'italiano',
  'japanese', 'chinese', 'portuguese', 'dutch', 'nederlands', 'polish', 'russian', 'swedish', 'multilingual', 'mui',
  'remove', 'only', 'edition', 'user', 'per-user', 'machine', 'per-machine', 'machine-wide', 'all', 'users', 'bit',
]);

/** Entries compliance skips: hotfixes, updates and updaters, runtimes and redistributables, drivers, language packs, libraries. */
export const noisePatterns: readonly RegExp[] = [
  /\bkb\d{6,8}\b/i,
  /\bupdate for\b/i,
  /\bhotfix\b/i,
  /\bservice pack\b/i,
  /\bupdate (?:helper|health tools|assistant|service|notifier)\b/i,
  /\bupdater\b/i,
  /\bupdate$/i,
  /\bredistributable\b|\bredist\b/i,
  /\.net (?:framework|core|runtime|desktop runtime)\b/i,
  /^(?!.*\bjava).*\bruntimes?\b/i,
  /\bdrivers?\b/i,
  /\bchipset\b/i,
  /\bmanagement engine\b/i,
  /\bguest additions\b|\bvmware tools\b/i,
  /\blanguage pack\b|\bproofing tools\b/i,
  /\bmaintenance service\b/i,
  /\bmachine-wide installer\b/i,
  /^[\w.+]+-(?:l10n|help|locale|dev|devel|doc|dbg|dbgsym|headers)(?:-[\w.+-]+)?$/i,
  /^(?:linux-(?:image|headers|modules|firmware)|firmware-|fonts-|python3?-|perl-|ruby-|golang-|node-|gir1\.2-|xserver-xorg-|kernel-)/i,
  /^lib(?!reoffice)[\w.+:-]*$/i,
];
