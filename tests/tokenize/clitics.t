# Clitics become their own words, joined to the surface token (UD English multi-word tokens).
> I don't know.
= I do +n't know .

> Kerry’s call can’t wait, we’re told; they'll see.
= Kerry +’s call ca +n’t wait , we +’re told ; they +'ll see .

> The countries' leaders cannot agree.
= The countries +' leaders can +not agree .

> Yeah I dont think we're gonna go.
= Yeah I do +nt think we +'re gon +na go .

> O'Brien rocks.
= O'Brien rocks .

> He said 's was a letter.
= He said 's was a letter .
