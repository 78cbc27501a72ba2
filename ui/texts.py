"""Every word the browser UI shows, in English and Norwegian bokmål (the seed's language).

``say(key, language)`` returns the label; the help texts say what to try, as NetLogo's Info tab
does. Parameter names stay as they are in code, files and the ODD (``power_sharing``), with the
label beside them in the user's language.
"""

from __future__ import annotations

from samskaping.scenarios.parameters import parameter_specs
from samskaping.simulation.metrics import HEADLINE

LANGUAGES = {"en": "English", "nb": "Norsk bokmål"}

TEXTS: dict[str, dict[str, str]] = {
    "title": {"en": "samskaping: co-creation or NPM?", "nb": "samskaping: samskaping eller NPM?"},
    "explore": {"en": "Explore", "nb": "Utforsk"},
    "compare": {"en": "Compare", "nb": "Sammenlign"},
    "results": {"en": "Results", "nb": "Resultater"},
    "language": {"en": "Language", "nb": "Språk"},
    "step": {"en": "Step", "nb": "Steg"},
    "play": {"en": "Play", "nb": "Spill av"},
    "pause": {"en": "Pause", "nb": "Pause"},
    "reset": {"en": "Reset", "nb": "Nullstill"},
    "month": {"en": "Month", "nb": "Måned"},
    "scenario": {"en": "Scenario", "nb": "Scenario"},
    "regime": {"en": "Regime", "nb": "Styringsregime"},
    "npm": {"en": "New Public Management", "nb": "New Public Management (NPM)"},
    "co-creation": {"en": "Co-creation", "nb": "Samskaping"},
    "bureaucracy": {"en": "Traditional bureaucracy", "nb": "Tradisjonelt byråkrati"},
    "modes": {"en": "Co-creation modes", "nb": "Samskapingsformer"},
    "to_try": {"en": "What to try", "nb": "Prøv dette"},
    "co_creation_only": {"en": "act under co-creation only", "nb": "virker bare ved samskaping"},
    "mode_a": {
        "en": "A: arenas solve problems across silos",
        "nb": "A: arenaer løser problemer på tvers",
    },
    "mode_b": {"en": "B: arenas move the budget", "nb": "B: arenaene flytter budsjettet"},
    "mode_c": {"en": "C: volunteering", "nb": "C: frivillighet"},
    "mode_d": {"en": "D: co-production with users", "nb": "D: samproduksjon med brukerne"},
    "counter_strategy": {"en": "Counter-strategy", "nb": "Motstrategi"},
    "recognition": {"en": "Recognition of lay expertise", "nb": "Anerkjennelse av brukerkunnskap"},
    "power_sharing": {"en": "Power sharing", "nb": "Maktdeling"},
    "arena_rate": {"en": "Arena rate", "nb": "Andel invitert til arena"},
    "complexity": {"en": "Problem complexity", "nb": "Problemkompleksitet"},
    "citizens": {"en": "Citizens", "nb": "Innbyggere"},
    "seed": {"en": "Seed", "nb": "Frø (seed)"},
    "legitimacy": {"en": "legitimacy", "nb": "legitimitet"},
    "legitimacy_input": {"en": "input (voice)", "nb": "input (stemme)"},
    "legitimacy_throughput": {"en": "throughput (process)", "nb": "throughput (prosess)"},
    "legitimacy_output": {"en": "output (results)", "nb": "output (resultater)"},
    "accuracy": {"en": "accuracy", "nb": "treffsikkerhet"},
    "inequality": {"en": "inequality", "nb": "ulikhet"},
    "participation": {
        "en": "Who takes part in arenas (mean of the last {months} months)",
        "nb": "Hvem deltar i arenaer (snitt av de siste {months} månedene)",
    },
    "share_axis": {"en": "share (0 = none, 1 = all)", "nb": "andel (0 = ingen, 1 = alle)"},
    "difference_axis": {"en": "right − left", "nb": "høyre − venstre"},
    "resources_axis": {"en": "citizens by resources", "nb": "innbyggere etter ressurser"},
    "taking_part_axis": {"en": "share taking part", "nb": "andel som deltar"},
    "quintile_1": {"en": "fewest 20 %", "nb": "minste 20 %"},
    "quintile_2": {"en": "next 20 %", "nb": "neste 20 %"},
    "quintile_3": {"en": "middle 20 %", "nb": "midtre 20 %"},
    "quintile_4": {"en": "upper 20 %", "nb": "øvre 20 %"},
    "quintile_5": {"en": "most 20 %", "nb": "største 20 %"},
    "colour_key": {
        "en": "Colour: legitimacy, red {low} … green {high} (this month's spread)",
        "nb": "Farge: legitimitet, rød {low} … grønn {high} (denne månedens spredning)",
    },
    "social_ties": {"en": "social ties", "nb": "sosiale bånd"},
    "arena_ties": {
        "en": "in an arena (to the unit's leader)",
        "nb": "i en arena (til enhetens leder)",
    },
    "coproduction_ties": {
        "en": "co-production (to the professional)",
        "nb": "samproduksjon (til fagpersonen)",
    },
    "citizens_legend": {
        "en": "citizens (size: resources; ◆ co-produces, ★ volunteers)",
        "nb": "innbyggere (størrelse: ressurser; ◆ samproduserer, ★ frivillig)",
    },
    "professionals_legend": {"en": "professionals (colour: unit)", "nb": "fagfolk (farge: enhet)"},
    "leaders_legend": {"en": "leaders", "nb": "ledere"},
    "politicians_legend": {"en": "politicians", "nb": "politikere"},
    "students_legend": {"en": "students", "nb": "elever"},
    "on": {"en": "on", "nb": "på"},
    "off": {"en": "off", "nb": "av"},
    "none": {"en": "none", "nb": "ingen"},
    "outreach": {"en": "outreach", "nb": "oppsøkende arbeid"},
    "resource-support": {"en": "resource support", "nb": "ressursstøtte"},
    "speed": {"en": "Months a second", "nb": "Måneder per sekund"},
    "draw_every": {"en": "Draw every … months", "nb": "Tegn hver … måned"},
    "projector": {"en": "Projector", "nb": "Prosjektor"},
    "controls": {"en": "Controls", "nb": "Kontroller"},
    "live": {
        "en": "Policy levers act from the next month, without Reset; the charts mark each change.",
        "nb": "Politiske spaker virker fra neste måned, uten Nullstill; diagrammene markerer hver endring.",
    },
    "pending": {
        "en": "Waiting for Reset: {names}",
        "nb": "Venter på Nullstill: {names}",
    },
    "structure": {"en": "Structure (needs Reset)", "nb": "Struktur (krever Nullstill)"},
    "info": {"en": "About this scenario", "nb": "Om dette scenariet"},
    "this_month": {"en": "This month", "nb": "Denne måneden"},
    "story_start": {
        "en": "The town starts: nothing has happened yet. Press Step or Play.",
        "nb": "Kommunen starter: ingenting har skjedd ennå. Trykk Steg eller Spill av.",
    },
    "story_arenas": {
        "en": "{arenas} arenas met; {lowest} of {participants} participants from the fewest-resources fifth.",
        "nb": "{arenas} arenaer møttes; {lowest} av {participants} deltakere fra femtedelen med minst ressurser.",
    },
    "story_no_arenas": {"en": "No arena met.", "nb": "Ingen arena møttes."},
    "story_coproduction": {
        "en": "{coproducers} co-produced with their professional; {volunteers} volunteered.",
        "nb": "{coproducers} samproduserte med fagpersonen sin; {volunteers} var frivillige.",
    },
    "story_npm": {
        "en": "{answered} answered a user survey; {chose} complained and switched provider.",
        "nb": "{answered} svarte på en brukerundersøkelse; {chose} klaget og byttet tilbyder.",
    },
    "story_budget": {
        "en": "The council moved {moved} of the budget between services.",
        "nb": "Kommunestyret flyttet {moved} av budsjettet mellom tjenestene.",
    },
    "network": {"en": "The network", "nb": "Nettverket"},
    "outcomes": {"en": "Outcomes", "nb": "Utfall"},
    "left": {"en": "Left", "nb": "Venstre"},
    "right": {"en": "Right", "nb": "Høyre"},
    "difference": {"en": "Difference (right − left)", "nb": "Forskjell (høyre − venstre)"},
    "same_seed": {
        "en": "Both sides start from the same seed: the same citizens, needs and network. Month 0 is already each regime's first delivery (under NPM, customer choice serves the resourceful first), so inequality can differ from the start.",
        "nb": "Begge sider starter fra samme frø: de samme innbyggerne, behovene og nettverket. Måned 0 er allerede hvert styringsregimes første leveranse (under NPM betjener brukervalg de ressurssterke først), så ulikheten kan være forskjellig fra start.",
    },
    "band_seeds": {"en": "Seeds in the band", "nb": "Frø i båndet"},
    "band_legend": {
        "en": "band: {seeds} seeds per side",
        "nb": "bånd: {seeds} frø per side",
    },
    "band_mean": {"en": "mean of {seeds} seeds", "nb": "snitt av {seeds} frø"},
    "band_computing": {
        "en": "Computing the band: {seeds} seeds per side, {months} months …",
        "nb": "Beregner båndet: {seeds} frø per side, {months} måneder …",
    },
    "band_caption": {
        "en": "Band: {seeds} seeds per side for {months} months, each side as set at Reset (levers "
        "moved since are not in it): the mean difference (dashed) and its 95 % interval (shaded), "
        "seed by seed as 'samskaping compare' pairs them. Computed in {seconds} s.",
        "nb": "Bånd: {seeds} frø per side i {months} måneder, hver side slik den var ved "
        "Nullstill (spaker flyttet siden er ikke med): snittforskjellen (stiplet) og dens 95 % "
        "intervall (skyggelagt), frø for frø slik 'samskaping compare' parer dem. Beregnet på "
        "{seconds} s.",
    },
    "band_failed": {
        "en": "The band could not be computed: {error}",
        "nb": "Båndet kunne ikke beregnes: {error}",
    },
    "drawn": {
        "en": "{drawn} of {total} citizens drawn",
        "nb": "{drawn} av {total} innbyggere tegnet",
    },
    "legend": {
        "en": "circles: citizens (colour: legitimacy, size: resources, ring: in an arena this month); "
        "squares: professionals; triangles: leaders; diamonds: politicians",
        "nb": "sirkler: innbyggere (farge: legitimitet, størrelse: ressurser, ring: i en arena "
        "denne måneden); kvadrater: fagfolk; trekanter: ledere; ruter: politikere",
    },
    "results_folder": {"en": "Results folder", "nb": "Resultatmappe"},
    "no_results": {
        "en": "No results yet in {folder}. Run 'samskaping compare', 'sweep' or 'objections'.",
        "nb": "Ingen resultater ennå i {folder}. Kjør 'samskaping compare', 'sweep' eller 'objections'.",
    },
    "summary": {
        "en": "Summary (final month, mean and 95 % interval)",
        "nb": "Sammendrag (siste måned, snitt og 95 % intervall)",
    },
    "verdicts": {"en": "Verdicts", "nb": "Konklusjoner"},
    "levers": {
        "en": "Which levers matter most (sensitivity index, largest first)",
        "nb": "Hvilke spaker betyr mest (sensitivitetsindeks, størst først)",
    },
    "figures": {"en": "Figures", "nb": "Figurer"},
    "differences": {
        "en": "Paired differences (arm minus the arm it is compared with; mean and 95 % interval)",
        "nb": "Parvise forskjeller (arm minus armen den sammenlignes med; snitt og 95 % intervall)",
    },
    "report": {"en": "The report (report.md)", "nb": "Rapporten (report.md)"},
    # the results folder's figures (experiments/figures.py's WORDS, by figure_words below); the
    # metrics and counter-strategies are the page's own words above
    "figure_month": {"en": "month", "nb": "måned"},
    "figure_final": {"en": "final {metric}", "nb": "{metric} til slutt"},
    "figure_timeseries_title": {
        "en": "Mean over replications, with 95 % confidence band",
        "nb": "Snitt over replikasjonene, med 95 % konfidensbånd",
    },
    "figure_outcomes_title": {
        "en": "Final outcomes: one point per run",
        "nb": "Utfall til slutt: ett punkt per kjøring",
    },
    "figure_effects_title": {
        "en": "Effect of each varied parameter (mean and 95 % interval over the other factors)",
        "nb": "Virkningen av hver parameter som varieres (snitt og 95 % intervall over de andre "
        "faktorene)",
    },
    "figure_all_runs": {"en": "all runs", "nb": "alle kjøringer"},
    "figure_npm": {"en": "npm", "nb": "NPM"},
    "figure_co-creation": {"en": "co-creation", "nb": "samskaping"},
    "figure_bureaucracy": {"en": "bureaucracy", "nb": "byråkrati"},
    "figure_decimal": {"en": ".", "nb": ","},
    # a varied parameter (an axis of effects.png) and a word value of it, by the page's label:
    # English writes them as code and files do, as the saved figures do
    "figure_parameter": {"en": "{name}", "nb": "{label} ({name})"},
    "figure_value": {"en": "{name}", "nb": "{label}"},
    "arm": {"en": "arm", "nb": "arm"},
    "versus": {"en": "versus", "nb": "mot"},
    "refused": {"en": "Not applied", "nb": "Ikke brukt"},
    # help texts: what the control does, and what to try
    "help_scenario": {
        "en": "A named situation from the library. Try elderly-care (co-production) against npm-baseline.",
        "nb": "En navngitt situasjon fra biblioteket. Prøv elderly-care (samproduksjon) mot npm-baseline.",
    },
    "help_regime": {
        "en": "How the municipality is governed: NPM, co-creation, or traditional bureaucracy (neither). Switch while it runs: a reform from the next month. Reset starts over.",
        "nb": "Hvordan kommunen styres: NPM, samskaping eller tradisjonelt byråkrati (ingen av dem). Bytt mens den går: en reform fra neste måned. Nullstill starter på nytt.",
    },
    "help_modes": {
        "en": "Which kinds of co-creation are on (co-creation only). Turn them off one by one to see what each adds.",
        "nb": "Hvilke former for samskaping som er på (bare ved samskaping). Slå dem av én etter én og se hva hver gir.",
    },
    "help_counter_strategy": {
        "en": "Against unequal participation. Watch the bottom quintile's bar with resource support.",
        "nb": "Mot skjev deltakelse. Se på søylen for laveste kvintil med ressursstøtte.",
    },
    "help_recognition": {
        "en": "How much professionals trust citizens' own accounts. At 0 co-production adds nothing.",
        "nb": "Hvor mye fagfolk stoler på innbyggernes egne beskrivelser. Ved 0 gir samproduksjon ingenting.",
    },
    "help_power_sharing": {
        "en": "How much arena output moves decisions. At 0 arenas are tokenism: watch legitimacy fall.",
        "nb": "Hvor mye arenaene påvirker beslutninger. Ved 0 er arenaene skinnmedvirkning: se legitimiteten falle.",
    },
    "help_arena_rate": {
        "en": "Share of clients invited to an arena each month. More arenas cost more service hours.",
        "nb": "Andel brukere invitert til en arena hver måned. Flere arenaer koster flere tjenestetimer.",
    },
    "help_complexity": {
        "en": "How composite and rugged problems are. Near 0 co-creation has little to learn.",
        "nb": "Hvor sammensatte og vanskelige problemene er. Nær 0 har samskaping lite å lære.",
    },
    "help_citizens": {
        "en": "Population size (10 to {most}). Large populations draw a sample of the network.",
        "nb": "Folketall (10 til {most}). Ved store befolkninger tegnes et utvalg av nettverket.",
    },
    "help_seed": {
        "en": "Same seed, same numbers. Change it to see another draw of the same municipality.",
        "nb": "Samme frø, samme tall. Endre det for å se en annen trekning av den samme kommunen.",
    },
    "help_reset": {
        "en": "Reset starts a new run from month 0 with the settings shown.",
        "nb": "Nullstill starter en ny kjøring fra måned 0 med innstillingene som vises.",
    },
    "help_band": {
        "en": "How many seeds per side the band runs in the background (0 turns it off). More "
        "seeds, a narrower interval and a longer wait.",
        "nb": "Hvor mange frø per side båndet kjører i bakgrunnen (0 slår det av). Flere frø gir "
        "et smalere intervall og lengre ventetid.",
    },
    "help_speed": {
        "en": "How fast Play runs; draw less often to run faster on a slow machine.",
        "nb": "Hvor fort avspillingen går; tegn sjeldnere for å gå fortere på en treg maskin.",
    },
    # --- the classroom (issue 18) ----------------------------------------------------------
    "classroom": {"en": "Classroom", "nb": "Klasserom"},
    "citizen": {"en": "citizen", "nb": "innbygger"},
    "politician": {"en": "politician", "nb": "politiker"},
    "professional": {"en": "professional", "nb": "fagperson"},
    "classroom_none": {
        "en": "No classroom session runs on this server: start one with 'samskaping classroom'.",
        "nb": "Ingen klasseromsøkt kjører på denne serveren: start en med «samskaping classroom».",
    },
    "join_code": {"en": "Join code", "nb": "Kode for å bli med"},
    "nickname": {"en": "Nickname", "nb": "Kallenavn"},
    "join": {"en": "Join", "nb": "Bli med"},
    "teacher_code": {"en": "Teacher code", "nb": "Lærerkode"},
    "teacher_enter": {"en": "I am the teacher", "nb": "Jeg er læreren"},
    "join_at": {
        "en": "Join at {address} with the code {code}",
        "nb": "Bli med på {address} med koden {code}",
    },
    "students_joined": {"en": "Students ({count})", "nb": "Elever ({count})"},
    "decided": {"en": "decided", "nb": "har bestemt"},
    "deciding": {"en": "deciding", "nb": "bestemmer seg"},
    "away": {"en": "away: the rules play", "nb": "borte: reglene spiller"},
    "advance": {"en": "Next month", "nb": "Neste måned"},
    "end_session": {"en": "End and debrief", "nb": "Avslutt og oppsummer"},
    "session_ended": {"en": "The session has ended.", "nb": "Økten er avsluttet."},
    "debrief_saved": {
        "en": "The debrief is saved as {folder} (see Results).",
        "nb": "Oppsummeringen er lagret som {folder} (se Resultater).",
    },
    "you_are_citizen": {
        "en": "You are citizen {agent} of the town. Your resources: quintile {quintile} of 5 (1 = the fewest).",
        "nb": "Du er innbygger {agent} i kommunen. Ressursene dine: kvintil {quintile} av 5 (1 = minst).",
    },
    "you_are_politician": {
        "en": "You hold council seat {agent}.",
        "nb": "Du har sete {agent} i kommunestyret.",
    },
    "you_are_professional": {
        "en": "You are professional {agent}.",
        "nb": "Du er fagperson {agent}.",
    },
    "your_needs": {
        "en": "What you need, service by service: {needs}",
        "nb": "Hva du trenger, tjeneste for tjeneste: {needs}",
    },
    "your_service": {
        "en": "Last month the service fitted your need {accuracy} and met {fulfilment} of it; your trust in the services: {legitimacy}.",
        "nb": "Forrige måned passet tjenesten {accuracy} til behovet ditt og dekket {fulfilment} av det; tilliten din til tjenestene: {legitimacy}.",
    },
    "your_neighbours": {
        "en": "Your {count} neighbours last month: {did}.",
        "nb": "Dine {count} naboer forrige måned: {did}.",
    },
    "neighbours_take_part": {"en": "{share} were in an arena", "nb": "{share} var i en arena"},
    "neighbours_coproduce": {
        "en": "{share} co-produced with their professional",
        "nb": "{share} samproduserte med fagpersonen sin",
    },
    "neighbours_volunteer": {"en": "{share} volunteered", "nb": "{share} gjorde frivillig arbeid"},
    "neighbours_answer": {
        "en": "{share} answered the user survey",
        "nb": "{share} svarte på brukerundersøkelsen",
    },
    "choose_take_part": {
        "en": "If I am invited to an arena, I go",
        "nb": "Hvis jeg blir invitert til en arena, går jeg",
    },
    "choose_coproduce": {
        "en": "I co-produce with my professional",
        "nb": "Jeg samproduserer med fagpersonen min",
    },
    "choose_volunteer": {"en": "I volunteer", "nb": "Jeg gjør frivillig arbeid"},
    "choose_answer": {"en": "I answer the user survey", "nb": "Jeg svarer på brukerundersøkelsen"},
    "choose_say": {"en": "What I tell them matters most", "nb": "Det jeg sier er viktigst"},
    "service_n": {"en": "service {n}", "nb": "tjeneste {n}"},
    "your_power_sharing": {
        "en": "How much the arenas decide (power sharing)",
        "nb": "Hvor mye arenaene bestemmer (maktdeling)",
    },
    "your_recognition": {
        "en": "How much I trust what users tell me (recognition)",
        "nb": "Hvor mye jeg stoler på det brukerne forteller (anerkjennelse)",
    },
    "decide": {"en": "Decide", "nb": "Bestem"},
    "decided_for": {"en": "Decided for month {month}.", "nb": "Bestemt for måned {month}."},
    "waiting_teacher": {
        "en": "Waiting for the teacher's next month.",
        "nb": "Venter på lærerens neste måned.",
    },
    "your_unit": {
        "en": "Your service is service {service}: its professionals and its arenas are yours.",
        "nb": "Tjenesten din er tjeneste {service}: fagfolkene og arenaene der er dine.",
    },
    "arena_went": {
        "en": "Last month you were invited to an arena, and you went.",
        "nb": "Forrige måned ble du invitert til en arena, og du gikk.",
    },
    "arena_stayed": {
        "en": "Last month you were invited to an arena, and you stayed away.",
        "nb": "Forrige måned ble du invitert til en arena, men du holdt deg borte.",
    },
    "arena_not_invited": {
        "en": "Last month nobody invited you to an arena.",
        "nb": "Forrige måned ble du ikke invitert til noen arena.",
    },
    "arena_cost": {
        "en": "Going costs time and energy: with resources in quintile {quintile}, the town's rules would send you less often the fewer resources you have.",
        "nb": "Å gå koster tid og krefter: med ressurser i kvintil {quintile} ville kommunens regler sendt deg sjeldnere jo mindre ressurser du har.",
    },
    "the_budget": {
        "en": "This month's budget, service by service: {budget}",
        "nb": "Månedens budsjett, tjeneste for tjeneste: {budget}",
    },
    "your_priorities": {
        "en": "Your priorities across the services",
        "nb": "Prioriteringene dine mellom tjenestene",
    },
    "priorities_as_shares": {"en": "As shares: {shares}", "nb": "Som andeler: {shares}"},
    "next_month_by": {
        "en": "The next month comes when everyone has decided, at {clock} at the latest.",
        "nb": "Neste måned kommer når alle har bestemt seg, senest klokka {clock}.",
    },
    "playing_until": {
        "en": "Playing: the next month when everyone has decided, at {clock} at the latest",
        "nb": "Spiller: neste måned når alle har bestemt seg, senest klokka {clock}",
    },
    "deadline": {
        "en": "Deadline, seconds ({low}–{high})",
        "nb": "Frist, sekunder ({low}–{high})",
    },
    "professionals_played": {
        "en": "Students play professionals too",
        "nb": "Elever spiller også fagfolk",
    },
    "decided_count": {
        "en": "{decided} of the {present} present have decided",
        "nb": "{decided} av de {present} til stede har bestemt seg",
    },
    "in_arenas_title": {
        "en": "Students in an arena this month",
        "nb": "Elever i en arena denne måneden",
    },
    "in_arenas_none": {"en": "none", "nb": "ingen"},
    "outcome": {"en": "outcome", "nb": "utfall"},
    "debrief_title": {
        "en": "Debrief: the class's {months} months beside the same town played by the rules alone",
        "nb": "Oppsummering: klassens {months} måneder ved siden av den samme kommunen spilt av reglene alene",
    },
    "debrief_class": {"en": "the class", "nb": "klassen"},
    "debrief_students": {"en": "students", "nb": "elever"},
    "debrief_rules": {"en": "the rules ({regime})", "nb": "reglene ({regime})"},
    "debrief_who": {
        "en": "Who took part in an arena (share of the months), by resources",
        "nb": "Hvem som deltok i en arena (andel av månedene), etter ressurser",
    },
    "debrief_differently": {
        "en": "What the class did differently from the model",
        "nb": "Hva klassen gjorde annerledes enn modellen",
    },
    "debrief_citizens": {
        "en": "The students' {count} citizens were in an arena {ours} of the months; the same citizens played by the rules, {theirs}.",
        "nb": "Elevenes {count} innbyggere var i en arena {ours} av månedene; de samme innbyggerne spilt av reglene, {theirs}.",
    },
    "debrief_seats": {
        "en": "The students' {count} council seats shared power {ours} on average; the same seats played by the rules, {theirs}.",
        "nb": "Elevenes {count} seter i kommunestyret delte makt {ours} i snitt; de samme setene spilt av reglene, {theirs}.",
    },
    "debrief_gap": {
        "en": "{outcome} at the end: {gap} against the rules alone ({regime}).",
        "nb": "{outcome} til slutt: {gap} mot reglene alene ({regime}).",
    },
}


def number(value: float, language: str = "en", digits: int = 3) -> str:
    """A number as the language writes it: 0.552 and 20,000 in English, 0,552 and 20 000 in
    bokmål (a no-break space between thousands; Python's formatting, no locale needed)."""
    text = f"{value:,.{digits}f}"
    if language == "nb":
        return text.replace(",", "\u00a0").replace(".", ",")
    return text


def whole(value: int, language: str = "en") -> str:
    """A whole number as the language writes it: 20,000 or 20 000."""
    return number(value, language, 0)


#: word values of a varied parameter that the page has words for
FIGURE_VALUES = ("none", "outreach", "resource-support")


def figure_words(language: str) -> dict[str, str]:
    """The words of a results folder's figures in ``language``, as ``experiments/figures.py``'s
    ``words``: each ``figure_<key>`` entry, the page's metrics, and each parameter and
    counter-strategy the page has a label for (``effects.png``'s axes; in English as code and
    files write them, as the saved figures do)."""
    words = {
        key.removeprefix("figure_"): say(key, language)
        for key in TEXTS
        if key.startswith("figure_") and key not in ("figure_parameter", "figure_value")
    }
    words |= {metric: say(metric, language) for metric in HEADLINE}
    parameters = [name for name in parameter_specs() if name != "network"]  # "The network"
    for key, names in (("figure_parameter", parameters), ("figure_value", FIGURE_VALUES)):
        for name in names:
            if name in TEXTS and name not in words:
                words[name] = say(key, language, label=say(name, language), name=name)
    return words


def say(key: str, language: str = "en", **values: object) -> str:
    """The text for ``key`` in ``language`` (English where a translation is missing)."""
    entry = TEXTS.get(key)
    if entry is None:
        return key
    text = entry.get(language) or entry["en"]
    return text.format(**values) if values else text
