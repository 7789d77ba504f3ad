/** The date in the bureau's time zone (a download at 07:00 in Datong is dated today, not yesterday). */
export const localDate = (d = new Date()) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(d);
