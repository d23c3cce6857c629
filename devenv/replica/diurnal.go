package replica

import "time"

// Diurnal shape of ordinary traffic: people and the systems they drive work
// in the daytime of the Region's main office, so ordinary events are denser
// between 08:00 and 19:00 local time and thin at night (about one sixth of
// the day rate), the shape a week of real CloudTrail or flow logs shows.

// regionUTCOffset is the local office time of a Region, in hours from UTC
// (standard time; daylight saving is ignored).
var regionUTCOffset = map[string]int{
	"us-east-1": -5, "us-east-2": -5, "us-west-1": -8, "us-west-2": -8, "ca-central-1": -5, "sa-east-1": -3,
	"eu-west-1": 0, "eu-west-2": 0, "eu-central-1": 1, "eu-north-1": 1, "ap-south-1": 5,
	"ap-southeast-1": 8, "ap-southeast-2": 10, "ap-northeast-1": 9,
}

// hourWeight is the relative event rate of each local hour (max 6).
var hourWeight = [24]int{1, 1, 1, 1, 1, 1, 2, 3, 5, 6, 6, 6, 5, 6, 6, 6, 5, 4, 3, 2, 2, 2, 1, 1}

// at returns an instant of the day drawn from the diurnal shape: an hour by
// its weight, then a uniform instant in it.
func (c *gctx) at() time.Time {
	total := 0
	for _, w := range hourWeight {
		total += w
	}
	n := c.r.IntN(total)
	local := 0
	for ; n >= hourWeight[local]; local++ {
		n -= hourWeight[local]
	}
	utc := (local - regionUTCOffset[c.t.Region] + 24) % 24
	return c.within(c.day.Add(time.Duration(utc)*time.Hour), time.Hour)
}

// peakHour is the UTC hour of the middle of the Region's office day, where
// the daily bursts of the background (load balancer replies, scanner sweeps)
// are placed around.
func (c *gctx) peakHour() int { return (14 - regionUTCOffset[c.t.Region] + 24) % 24 }
