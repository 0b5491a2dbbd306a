# Hyphens split unless a prefix keeps them; dashes, quotes and brackets are tokens.
> A well-known anti-war group met a search-engine firm.
= A well - known anti-war group met a search - engine firm .

> He waited... and then—nothing (really).
= He waited ... and then — nothing ( really ) .

> “Absurd,” he said.
= “ Absurd , ” he said .

> Wait!!! Really?!
= Wait !!!
= Really ?!

> Great :) see you
= Great :) see you

# single letters around a slash stay whole; a run of periods inside a chunk splits it
> Go b/c the slides....they are great.
= Go b/c the slides .... they are great .
