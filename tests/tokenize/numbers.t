# Numbers, money, times, dates and addresses stay whole; currency and percent split off.
> It cost $1,000.50 at 10:30 on 2015-09-15, up 5% from the '90s.
= It cost $ 1,000.50 at 10:30 on 2015-09-15 , up 5 % from the '90s .

> Call 713-853-3989 or e-mail ann.lee@example.com today.
= Call 713-853-3989 or e-mail ann.lee@example.com today .

> See https://example.org/a?b=1 for more.
= See https://example.org/a?b=1 for more .

> The ratio fell to .5 and then -3 on 9/11.
= The ratio fell to .5 and then -3 on 9/11 .

# a score or range splits; phone numbers and ISO dates do not; "#" before a number splits
> They won 5-3 after 1-4 years, call 646-8420 re: deal #432785 on 2001-06-02.
= They won 5 - 3 after 1 - 4 years , call 646-8420 re : deal # 432785 on 2001-06-02 .
