# Dictionary mechanisms of the coder, on the small invented dictionaries of tests/dict/coder
# (cases as in events.t).
% dicts coder

# a verb entry named by the very form ("LEFT") is that form's sense, not its lemma's ("LEAVE");
# a title before a name filed under its country is that country's agent
@ 2020-03-04
> Prime Minister Olaf left for Southland on Monday.
= NTHGOV STH 032 asserted 2020-03-02
= STH NTHGOV 033 asserted 2020-03-02

# and its other forms keep the lemma's
@ 2020-03-04
> Northland is leaving Southland.
= NTH STH 012 asserted 2020-03-04

# one target: the first argument with an actor and its conjuncts, not every oblique
@ 2020-03-04
> Olaf left for Southland for meetings with Eastland.
= NTH STH 032 asserted 2020-03-04
= STH NTH 033 asserted 2020-03-04

# '^' skips a phrase: the target is the one after the place
@ 2020-03-04
> Northland celebrated the festival in Eastland with the ministers of Southland.
= NTH STHGOV 045 asserted 2020-03-04

# '+' names the first word of a phrase: its head's actor, or the first actor inside it
@ 2020-03-04
> Westland warned their Eastland allies about the government of Southland.
= WST STHGOV 162 asserted 2020-03-04

# coordinated agents share the country of their phrase, and its coordinated countries
@ 2020-03-04
> Lawmakers and officials in Northland and Eastland praised Southland.
= NTHLEG STH 051 asserted 2020-03-04
= ESTLEG STH 051 asserted 2020-03-04
= NTHGOV STH 051 asserted 2020-03-04
= ESTGOV STH 051 asserted 2020-03-04

@ 2020-03-04
> The Northlander media and government praised Southland.
= NTHMED STH 051 asserted 2020-03-04
= NTHGOV STH 051 asserted 2020-03-04
