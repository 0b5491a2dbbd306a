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

# a past participle the dictionary lists as a verb ("RISEN") is looked up as written (the
# sentence is parsed for it too); the other party of "the dispute with X" the event happened in
@ 2020-03-04
> Northland's death toll has risen in the dispute with Southland.
= NTH STH 223 asserted 2020-03-04

# a pattern's words before the verb may be the verb governing its clause, as PETRARCH reads
# the sentence flat; the pattern names the modal, so its code stands, marked hypothetical
@ 2020-03-04
> Northland indicated it would act now with Southland.
= NTH STH 102 hypothetical 2020-03-04

# without the governing verb the pattern does not match: a hypothetical act is no event
@ 2020-03-04
> Northland would act now with Southland.

# the subject of a passive controls its xcomp ("was seen to break into"); a placeholder code
# ("[+++]") codes nothing, the other patterns decide
@ 2020-03-04
> Northland was seen to celebrate the festival in Eastland with Southland.
= NTH STH 045 asserted 2020-03-04

@ 2020-03-04
> Northland visited the festival of Southland.
= NTH STH 042 asserted 2020-03-04

# where one arrives is the host
@ 2020-03-04
> Prime Minister Olaf arrived in Southland on Monday.
= NTHGOV STH 042 asserted 2020-03-02
= STH NTHGOV 043 asserted 2020-03-02

# a phrase of joined words may be read inside the verb's complement clause, a single word not
@ 2020-03-04
> Northland allowed that Southland is a really pleasant place.
= NTH STH 024 asserted 2020-03-04

@ 2020-03-04
> Northland allowed that Southland is a pleasant place.
= NTH STH 080 asserted 2020-03-04

# "RECENTLY_*" wants the word right before the verb
@ 2020-03-04
> Northland recently allowed Southland in.
= NTH STH 027 asserted 2020-03-04

@ 2020-03-04
> Northland recently did allow Southland in.
= NTH STH 080 asserted 2020-03-04

# no target of its own: the subject of the object's "that" clause ("hopes that X ...")
@ 2020-03-04
> Northland expressed the hope that Southland will join the talks.
= NTH STH 024 asserted 2020-03-04

# but not of a relative clause ("the hopes that X voiced")
@ 2020-03-04
> Northland expressed the hope that Southland voiced.

# the words of the verb governing an xcomp count before the verb
@ 2020-03-04
> Northland suddenly began to clash with Southland over the border.
= NTH STH 195 asserted 2020-03-04
