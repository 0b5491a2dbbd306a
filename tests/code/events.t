# Event coding: "@ DATE" sets the document date, "> " lines are the text, "= " lines the events
# expected (source target code mode date), in output order.  No "=" line: no event at all.

# a call is a paired code in CAMEO.2.0 ([041:041]): both sides talked
@ 2015-09-15
> John Kerry called Lavrov on Tuesday.
= USAGOV RUSGOV 041 asserted 2015-09-15
= RUSGOV USAGOV 041 asserted 2015-09-15

# negation: nothing is emitted
@ 2015-09-15
> Putin did not meet Obama.

# a modal makes a meeting an intent to meet; "next week" is a week after the document
@ 2015-09-15
> Obama might meet Putin next week.
= USAGOV RUSGOV 036 hypothetical 2015-09-22

# a report verb above: mode reported; a military team sent is military aid
@ 2015-09-15
> Officials said Russia had sent a military team to Syria.
= RUS SYR 072 reported 2015-09-15

# denied: nothing
@ 2015-09-15
> Russia denied that it had attacked Ukraine.

# a symmetric meeting between coordinated subjects; "on Monday" is the day before
@ 2015-09-15
> John Kerry and Lavrov met in Geneva on Monday.
= USAGOV RUSGOV 040 asserted 2015-09-14
= RUSGOV USAGOV 040 asserted 2015-09-14

# an event noun between two actors: both directions
@ 2015-09-15
> The call between Merkel and Putin lasted an hour.
= DEUGOV RUSGOV 041 asserted 2015-09-15
= RUSGOV DEUGOV 041 asserted 2015-09-15

# "..., a spokesman said" is attribution
@ 2015-09-15
> Obama criticized Putin, a White House spokesman said.
= USAGOV RUSGOV 111 reported 2015-09-15

# a bare reporting frame is no statement event
@ 2015-09-15
> Obama said on Tuesday that the talks were useful.

# hypothetical force: nothing
@ 2015-09-15
> If Russia attacks Ukraine, NATO will respond.

# capitals stand for their governments
@ 2015-09-15
> Ankara accused Damascus of shelling the border.
= TURGOV SYRGOV 112 asserted 2015-09-15

# an intent to support through a reported clause
@ 2015-09-15
> Lavrov reiterated that Russia will support the Syrian government.
= RUS SYRGOV 032 intended 2015-09-15

# a paired dictionary code ([042:043]): the visit and the hosting
@ 2015-09-15
> Russia sent a delegation to Syria.
= RUS SYR 042 asserted 2015-09-15
= SYR RUS 043 asserted 2015-09-15

# coordinated subjects act on each other when the event is mutual by nature (05: diplomatic
# cooperation); "on Monday" is found on the predicate
@ 2024-05-07
> Greece and Turkey restored diplomatic relations on Monday.
= GRC TUR 050 asserted 2024-05-06
= TUR GRC 050 asserted 2024-05-06

# a time expression the parse hangs on the object still dates the event
@ 2024-05-07
> Kenya and Uganda signed an agreement on Monday.
= KEN UGA 057 asserted 2024-05-06
= UGA KEN 057 asserted 2024-05-06

# criticism is not mutual: coordinated subjects without a target give no event
@ 2024-05-07
> Spain and Portugal criticized the plan.

# the doer of an event noun is the target of a reaction to it
@ 2024-05-07
> Austria condemned Serbia's expulsion of the diplomats.
= AUT SRB 111 asserted 2024-05-07

# a document of one unpunctuated line is coded (there is no story below a headline)
@ 2024-05-07
> Austria condemns Serbia over expulsions
= AUT SRB 111 asserted 2024-05-07

# but a headline above a story is not
@ 2024-05-07
> Austria condemns Serbia over expulsions
>
> The foreign minister of Austria spoke on Monday.

# an agent of several coordinated countries is that agent of each
@ 2024-05-07
> The foreign ministers of Kenya, Uganda and Rwanda met the president of Tanzania on Monday.
= KENGOV TZAGOV 040 asserted 2024-05-06
= UGAGOV TZAGOV 040 asserted 2024-05-06
= RWAGOV TZAGOV 040 asserted 2024-05-06

@ 2024-05-07
> Lawmakers in Kenya and Uganda welcomed the resumption of ties with Tanzania.
= KENLEG TZA 051 asserted 2024-05-07
= UGALEG TZA 051 asserted 2024-05-07

# "their" of a mutual affair points back at the coordinated subjects: both directions, whatever
# the code
@ 2024-05-07
> Greece and Turkey suspended their talks on Monday.
= GRC TUR 160 asserted 2024-05-06
= TUR GRC 160 asserted 2024-05-06

# but "their citizens" are not a mutual affair
@ 2024-05-07
> Greece and Turkey warned their citizens on Monday.

# a verb without a target acts on the subject of the clause it governs
@ 2024-05-07
> Russia warned that Ukraine would pay a high price.
= RUS UKR 130 asserted 2024-05-07

# but a verb of saying (any of them: reiterate, insist, believe) is attribution, not an event
@ 2024-05-07
> Lavrov reiterated that Russia will support the Syrian government.
= RUS SYRGOV 032 intended 2024-05-07

# a sentence-level discard of the dictionaries (sports) in the predicate's clause: no event
@ 2024-05-07
> Brazil criticized Argentina over the baseball tournament.

# in another clause of the sentence it leaves the event alone
@ 2024-05-07
> Brazil criticized Argentina, which joined the league years ago.
= BRA ARG 111 asserted 2024-05-07

# a story-level discard: nothing in the document is coded
@ 2024-05-07
> Champions League fans said Brazil criticized Argentina.

# an agent word modifying another noun ("artillery fire", "police response") is no actor: no
# Peru-against-its-own-army event; exchanging fire is mutual
@ 2024-05-07
> Peru and Chile exchanged artillery fire on Monday.
= PER CHL 193 asserted 2024-05-06
= CHL PER 193 asserted 2024-05-06

# verbs of exchange are mutual; "prisoners" names no country of its own, and the sentence names
# two: the agent is nobody's (no Peru-against-its-own-police event)
@ 2024-05-07
> Peru and Chile exchanged prisoners on Monday.
= PER CHL 0841 asserted 2024-05-06
= CHL PER 0841 asserted 2024-05-06

# an ellipsis in a coordination: "East [Germany] and West Germany"
@ 1990-05-07
> East and West Germany signed a treaty.
= DDR DEU 057 asserted 1990-05-07
= DEU DDR 057 asserted 1990-05-07

# the parse reads "[North and South] Korea": both countries are the subject
@ 2024-05-07
> North and South Korea exchanged artillery fire yesterday.
= KOR PRK 193 asserted 2024-05-06
= PRK KOR 193 asserted 2024-05-06

# reporters are not a country's because of where they are: no event with "reporters in Lima"
@ 2024-05-07
> Chile criticized Peru on Monday, a government spokesman told reporters in Lima.
= CHL PER 111 reported 2024-05-06

# a bare oblique of time is no target: "five years after ... its embassy" gives no second event
@ 2024-05-07
> Chile has broken down relations with Peru almost five years after crowds trashed its embassy.
= CHL PER 130 asserted 2024-05-07

# a protest without a target of its own: what it protests, else the country where it is held
# (Eldoret is in the gazetteer, in no actor dictionary)
@ 2024-05-07
> Kenyan teachers demonstrated in Eldoret on Monday.
= KENEDU KEN 141 asserted 2024-05-06

@ 2024-05-07
> Kenyan teachers marched to protest the decision of Uganda.
= KENEDU UGA 140 asserted 2024-05-07
= KENEDU UGA 110 asserted 2024-05-07

# a plural demonym stands for its country ("Iraqi" is in the dictionaries, "Iraqis" is not)
@ 2024-05-07
> Iraqis protested against Turkey on Monday.
= IRQ TUR 140 asserted 2024-05-06

# a plain rejection is 120 (dyad.verbs.txt: CAMEO.2.0 leaves REJECT uncoded but for patterns)
@ 2024-05-07
> Serbia flatly rejected an Australian ultimatum on Thursday.
= SRB AUS 120 asserted 2024-05-02

# arriving somewhere on a visit is a visit to it; a bare arrival is no event
@ 2024-05-07
> The Kenyan president arrived in Uganda on a two-day visit on Monday.
= KENGOV UGA 042 asserted 2024-05-06
= UGA KENGOV 043 asserted 2024-05-06

@ 2024-05-07
> Syrian refugees arrived in Greece on Monday.

# the noun a relative clause modifies is its object for the patterns too ("the aid it provides
# to Damascus" matches PROVIDE * AID)
@ 2015-09-15
> Moscow said on Tuesday that Russia continues the aid it provides to Damascus.
= RUS SYRGOV 070 reported 2015-09-15

# a threat to act is a threat that happened, coded as CAMEO's threat of that act (force: 138)
@ 2020-03-04
> Iran threatened to launch a military offensive against Iraq.
= IRN IRQ 138 asserted 2020-03-04

# a refusal to act is a rejection that happened, coded as CAMEO's rejection of that act (a
# meeting: 125; a release: 1243; a comment: 011); the act itself did not happen
@ 2020-03-04
> Egypt refused to meet Libya's foreign minister in Cairo.
= EGY LBYGOV 125 asserted 2020-03-04

@ 2020-03-04
> Kenya declined to release the Ugandan prisoners.
= KEN UGACOP 1243 asserted 2020-03-04

@ 2020-03-04
> Kenya declined to comment on the Ugandan report.
= KEN UGA 011 asserted 2020-03-04

# a refusal that is itself negated or hypothetical is no rejection (and no meeting)
@ 2020-03-04
> Egypt did not refuse to meet the Libyan foreign minister.

@ 2020-03-04
> Kenya would refuse to meet Ugandan officials.

# nor one under a verb of will or a denial, nor the refusal of a negated act
@ 2020-03-04
> Kenya plans to refuse to meet Uganda.

@ 2020-03-04
> Uganda denied that Kenya refused to meet its president.

@ 2020-03-04
> Kenya refused not to meet Uganda.

# a reported refusal is a reported rejection
@ 2020-03-04
> Officials said Kenya refused to meet Uganda.
= KEN UGA 125 reported 2020-03-04

# when the act agreed to gives no event (the talks have no target here), the agreement with
# Uganda stands
@ 2020-03-04
> Kenya agreed with Uganda to resume talks.
= KEN UGA 030 asserted 2020-03-04

# the agreement stands beside an act willed that involves another side
@ 2020-03-04
> Kenya agreed with Uganda to send aid to Somalia.
= KEN UGA 030 asserted 2020-03-04
= KEN SOM 033 intended 2020-03-04

# agreeing to an act that codes nothing is itself the intent to cooperate (030)
@ 2024-03-14
> Greece and Turkey agreed to undertake joint naval exercises.
= GRC TUR 030 asserted 2024-03-14
= TUR GRC 030 asserted 2024-03-14

# a participle the tagger read as an adjective, which left the sentence without a verb, is its
# verb (tagger.c, verbless_repair)
@ 2020-03-04
> Syrian tanks shelled positions of the rebel militia near the town.
= SYRMIL SYRUAF 190 asserted 2020-03-04

# renewing talks is resuming them, upgrading ties diplomatic cooperation (dyad.verbs.txt)
@ 2020-03-04
> Greece and Turkey renewed negotiations today on a troop pullback.
= GRC TUR 046 asserted 2020-03-04
= TUR GRC 046 asserted 2020-03-04

@ 2020-03-04
> Greece and Albania have upgraded their diplomatic ties to ambassadorial level.
= GRC ALB 050 asserted 2020-03-04
= ALB GRC 050 asserted 2020-03-04

# an announced act CAMEO has no intent code for keeps its code, marked intended
@ 2020-03-04
> Kenya will demand compensation from Uganda.
= KEN UGA 1031 intended 2020-03-04

# a demand is the event; the act demanded neither happened nor is the other side's intent
@ 2020-03-04
> Kenya demanded that Uganda release the prisoners.
= KEN UGA 100 asserted 2020-03-04

# "thousands of X" are X; a people protesting in its own country is its civilians protesting
# to the state; "the city of Kirkuk" is where it was held
@ 2020-03-04
> Thousands of Iraqi Kurds demonstrated in the northern city of Kirkuk on Sunday.
= IRQCVL IRQ 141 asserted 2020-03-01

# a hunger strike is a protest, not an attack; "continue" is a light verb
@ 2020-03-04
> Hundreds of Kenyans continued a hunger strike in Nairobi.
= KENCVL KEN 140 asserted 2020-03-04

# a form the lemmatizer gets wrong ("shelled" -> "shel") is looked up by its regular bases;
# weapons stand for the forces using them
@ 2020-03-04
> Somali rebels shelled Kenya on Sunday.
= SOMREB KEN 190 asserted 2020-03-01

@ 2020-03-04
> Israeli tanks attacked Lebanon on Sunday.
= ISRMIL LBN 190 asserted 2020-03-01

# "neither ... nor" negates
@ 2020-03-04
> Neither Kenya nor Uganda boycotted the talks with Ethiopia.

# a verb without a target acts on the object of the infinitive saying what for
@ 2020-03-06
> Kenya signed an accord on Thursday to supply Uganda with wheat.
= KEN UGA 057 asserted 2020-03-05
= UGA KEN 057 asserted 2020-03-05

# the sentence selection looks at "strike" before any parse (it once read dependents that
# were not there yet)
@ 2020-03-04
> The strike in Nairobi ended on Monday.

# saying that another party must act is a demand on it; what it must do is no event
@ 2020-03-04
> A senior British minister reiterated that Libya must hand over the suspects.
= GBRGOV LBY 100 asserted 2020-03-04

@ 2020-03-04
> The Red Cross said US and British forces must ensure security.
= NGOHLHIRC USA 100 asserted 2020-03-04

# a verb of saying without "must" stays attribution
@ 2020-03-04
> Kenya said Uganda attacked Kenya.
= UGA KEN 190 reported 2020-03-04

# an active verb has no agent: "by X" after its event-noun object is the noun's (however the
# parse attached it)
@ 2020-03-04
> Berlin rejected recent calls by Belarus's rulers for immediate economic aid.
= DEUGOV BLRGOV 122 asserted 2020-03-04

# a wire story's dateline stands alone (the sentence after it is parsed without it), and the
# city it was filed from is no actor
@ 2024-05-02
> KIEV, May 2 (Example Wire) - Poland and Germany will hold talks on energy next week.
= POL DEU 036 intended 2024-05-09
= DEU POL 036 intended 2024-05-09

# "the government" takes a country only with its determiner, which the parse shows: a sentence
# that can give no event is parsed still when a later pronoun may stand for its agent ("It" is
# the government, not Russia)
@ 2024-05-02
> Russia warned on Monday that it would respond.
>
> The government held a long meeting in the capital.
>
> It later accused Ukraine of provocations.
= RUSGOV UKR 112 asserted 2024-05-02

# a verb of will takes its to-infinitive as its complement even with words between them (the
# parser may read an adverbial clause): the talks are intended, not held; the intent is dated
# by the verb it completes; the agreement is that intent, not an event besides it
@ 2024-03-14
> Greece and Turkey agreed on Wednesday, after months of silence, to resume talks.
= GRC TUR 036 intended 2024-03-13
= TUR GRC 036 intended 2024-03-13

# "Indian and Pakistani troops": the country coordinated with a composed actor is the same kind
# of actor (INDMIL), so the exchange of fire is between the two armies
@ 2025-06-03
> Indian and Pakistani troops exchanged fire on Monday.
= PAKMIL INDMIL 193 asserted 2025-06-02
= INDMIL PAKMIL 193 asserted 2025-06-02

# ... and not also the bare country: Greece's diplomats, not Greece and its diplomats
@ 2025-06-03
> Russia met Greek and Turkish diplomats in Brussels on Tuesday.
= RUS TURGOV 040 asserted 2025-06-03
= RUS GRCGOV 040 asserted 2025-06-03

# "by phone", "over the phone" (dyad.verbs.txt): a telephone conversation, both sides
@ 2015-09-15
> John Kerry talked to Sergei Lavrov over the phone.
= USAGOV RUSGOV 041 asserted 2015-09-15
= RUSGOV USAGOV 041 asserted 2015-09-15

# "people" is as vague as civilians: it takes no country from elsewhere in the sentence (the
# crowd outside the German embassy in Tehran is not Germany's people)
@ 2025-11-20
> Thousands of people demonstrated outside the German embassy in Tehran, chanting slogans against the European Union.

# leaders in the news since Phoenix stopped (dyad.2017-2026.actors.txt), with their dates
@ 2025-11-20
> Zelenskyy met Erdogan in Ankara.
= UKRGOV TURGOV 040 asserted 2025-11-20

# the recipient of aid given, with "to" hung on the aid noun rather than on the verb
@ 2025-09-10
> Saudi Arabia pledged $500 million in humanitarian aid to Sudan.
= SAU SDN 0333 asserted 2025-09-10

# what one accuses another of is the accuser's claim, not an event: the accusation only
@ 2025-09-10
> Russia accused Ukraine of attacking Belarus.
= RUS UKR 112 asserted 2025-09-10

@ 2025-09-10
> Sudan accused the Emirates of arming the Rapid Support Forces.
= SDN ARE 112 asserted 2025-09-10

# what one warns another against, or keeps it from, did not happen: the warning only
@ 2025-10-02
> Iran warned Washington against expanding its military presence in the region.
= IRN USAGOV 130 asserted 2025-10-02

# coordinated subjects act on each other only when the act is mutual by nature ("held talks",
# "agreed", "signed", material cooperation), not when each acts towards a third side
@ 2025-10-02
> Egypt and Qatar welcomed the decision.

@ 2025-10-02
> Russia and China voted in favour.

@ 2025-10-02
> Greece and Turkey held talks in Athens.
= GRC TUR 046 asserted 2025-10-02
= TUR GRC 046 asserted 2025-10-02

# "EU" without "the" is the European Union (dyad.actors.txt)
@ 2025-11-20
> EU foreign ministers imposed sanctions on Belarus.
= IGOEUREEC BLR 163 asserted 2025-11-20

# an adjective of will is an intent like a verb of will: "ready to supply" is no supply yet
@ 2025-04-15
> Russia is ready to supply weapons to Syria.
= RUS SYR 0332 intended 2025-04-15
