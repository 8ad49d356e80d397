package selftest

// SessionDeviants break the client-session rules (online status, kicks);
// WebhookDeviants the callbacks. Both run the c2c suite.
var (
	SessionDeviants = []Variant{}
	WebhookDeviants = []Variant{}
)
