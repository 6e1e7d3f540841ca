/** The permanent text on how to appeal (laglighetsprövning, Kommunallagen 2017:725, 13 kap.). */
export interface AppealText {
  heading: string;
  paragraphs: string[];
  points: string[];
  closing: string[];
}

export const APPEAL_TEXT_SV: AppealText = {
  heading: 'Så överklagar du (laglighetsprövning)',
  paragraphs: [
    'Alla som är medlemmar i kommunen eller regionen kan begära att förvaltningsrätten prövar om ett beslut har fattats på ett lagligt sätt (laglighetsprövning enligt 13 kap. kommunallagen). Du behöver inte vara berörd av beslutet.',
    'Överklagandet ska ha kommit in till förvaltningsrätten inom tre veckor från den dag då tillkännagivandet om att protokollet justerats sattes upp på anslagstavlan. Den sista dagen står på varje anslag som "Sista dag att överklaga". Infaller den sista dagen på en lördag, söndag, helgdag, midsommarafton, julafton eller nyårsafton räcker det att överklagandet kommer in nästa vardag; det datum som visas här är redan flyttat.',
    'Skriv till förvaltningsrätten och ange:',
  ],
  points: [
    'vilket beslut du överklagar: organ, sammanträdesdatum och paragraf,',
    'varför du anser att beslutet är olagligt: att det inte har kommit till på lagligt sätt, att det rör något som kommunen eller regionen inte får ägna sig åt, att organet har överskridit sina befogenheter eller att beslutet strider mot lag eller annan författning,',
    'ditt namn, din adress och ditt telefonnummer.',
  ],
  closing: [
    'Förvaltningsrätten prövar bara de skäl du anger inom tiden för överklagande. Rätten kan upphäva beslutet, men inte ersätta det med ett annat.',
    'Beslut som rör dig personligen (till exempel bistånd eller bygglov) överklagas ofta på ett annat sätt, förvaltningsbesvär. Hur det görs står då i beslutet eller i den underrättelse du har fått.',
  ],
};

/**
 * Where to turn with questions, said truthfully: a notice's own contact when it has one, otherwise
 * the förvaringsplats (every notice has one); on a page of many notices (no `notice`), both rules.
 */
export function questionsTextSv(notice?: { contact: string | null; storagePlace: string }): string {
  if (!notice)
    return 'Har du frågor om ett anslag, kontakta den som anges som kontakt på anslaget. Anges ingen kontakt, vänd dig till förvaringsplatsen för protokollet, som står på varje anslag.';
  if (notice.contact) return `Har du frågor om anslaget, kontakta ${notice.contact}.`;
  return `Har du frågor om anslaget, vänd dig till förvaringsplatsen för protokollet: ${notice.storagePlace}.`;
}
