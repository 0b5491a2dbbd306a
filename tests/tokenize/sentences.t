# Sentence boundaries: final punctuation with its closing quotes, abbreviations, headlines.
> Mr. Smith met Gen. Lee in Washington, D.C. on Sept. 15. They talked.
= Mr. Smith met Gen. Lee in Washington , D.C. on Sept. 15 .
= They talked .

> Obama told U.S. troops it was over. The U.S. Army agreed.
= Obama told U.S. troops it was over .
= The U.S. Army agreed .

> It was based in the U.S. The company said so.
= It was based in the U.S.
= The company said so .

> President John F. Kennedy spoke.
= President John F. Kennedy spoke .

> He said: "It is doomed to failure." Then he left.
= He said : " It is doomed to failure . "
= Then he left .

> It ended. "We are done," she said.
= It ended .
= " We are done , " she said .

> according to AP. Putin said no.
= according to AP .
= Putin said no .

# a headline and a byline stand alone; wrapped lines of a paragraph do not
> Kerry calls Lavrov again
> By a staff writer
>
> Secretary Kerry called his Russian counterpart on Tuesday, a State Department official said.
= Kerry calls Lavrov again
= By a staff writer
= Secretary Kerry called his Russian counterpart on Tuesday , a State Department official said .

> The ministers met on Monday in Geneva and agreed to hold another round
> of talks next week, according to diplomats who attended the meeting and
> asked not to be named because the talks were private. Both sides said
> the atmosphere was constructive.
= The ministers met on Monday in Geneva and agreed to hold another round of talks next week , according to diplomats who attended the meeting and asked not to be named because the talks were private .
= Both sides said the atmosphere was constructive .

# web text: a sentence may start in lower case after a period, not after an ellipsis
> i am in portland. you can call me... or not.
= i am in portland .
= you can call me ... or not .

# a wire story's dateline stands alone, as a headline does
> OSGILIATH, March 3 (Gondor Wire) - The council of Gondor agreed on Friday to reopen talks with Rohan.
= OSGILIATH , March 3 ( Gondor Wire ) -
= The council of Gondor agreed on Friday to reopen talks with Rohan .

> MINAS TIRITH (Reuters) -- Gondor recalled its envoy.
= MINAS TIRITH ( Reuters ) --
= Gondor recalled its envoy .

> EDORAS, Rohan — "We will not yield," the king said.
= EDORAS , Rohan —
= " We will not yield , " the king said .

> DOL AMROTH, Belfalas, Sept. 9 -- The prince sent ships.
= DOL AMROTH , Belfalas , Sept. 9 --
= The prince sent ships .

> (Gondor Wire) - The council met again.
= ( Gondor Wire ) -
= The council met again .

# but not a sentence that begins with an acronym, nor a dash before a lower-case word
> (This is an aside) - Not a dateline, it is lower.
= ( This is an aside ) - Not a dateline , it is lower .

> NATO - the alliance - met in Brussels.
= NATO - the alliance - met in Brussels .

> USA, USA - they chanted it all night.
= USA , USA - they chanted it all night .

> US-Israeli strikes hit Iran on Monday.
= US - Israeli strikes hit Iran on Monday .

> NATO - Russia tensions rose as Russian jets buzzed a destroyer.
= NATO - Russia tensions rose as Russian jets buzzed a destroyer .

# only before the story's first sentence
> The envoys met on Monday.
>
> ROHAN (Gondor Wire) - The council met again.
= The envoys met on Monday .
= ROHAN ( Gondor Wire ) - The council met again .
