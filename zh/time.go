package zh

import "time"

// China is the time zone of Chinese news (UTC+8, no daylight saving): the
// zone dates without one are read in, and dates are shown in.
var China = time.FixedZone("CST", 8*3600)
