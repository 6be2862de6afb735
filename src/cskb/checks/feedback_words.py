"""The words feedback uses when it says how a call felt rather than what happened on it:
function words, praise and evaluation, and the generic nouns and verbs of "the call went
well", for the languages the team writes. `feedback.py` counts every other word as content.

A word ending in `*` matches any word it begins (so `excellen*` covers excellent,
excellente, excellently; `отличн*` every form of отличный). Words are compared after NFKC
and case folding; Latin diacritics are kept. Chinese, Japanese and Thai entries are matched
inside the text, longest first.
"""

from __future__ import annotations

EN = """
trust* heard hear honest* textbook exemplary model come comes across approachable paced well-paced left leave felt-heard credib* rapport-building relat* warmth genuine* authentic* sincere* comments comment feedback standard standards bar level quality high-quality world-class classy class spectacular magnificent marvellous marvelous splendid great-stuff masterclass flawless* seamless* effortless* polished poised composed articulate eloquent charming charismatic likeable likable personable empath* attentive* thoughtful* respons* reliable dependable competent* capable* skilled skilful skillful savvy insightful* productive* valuable* useful* meaningful* successful* success* win winner amazing* incredib* awesome* fantastic* wonderful* great* good* nice* happ* satisf* pleas* delight* thrill* excit* enjoy* love* lik* build* built building create* created make-them feel* made-them sense confidence self-confidence assur* reassur* comfort* relax* open* friendly* kind* generous* humble* grateful* honour* honor* privilege
one ones far start finish beginning end nothing anything else add remark objection objections comfortable ease natural naturally convincing convinced visibly obviously clearly seemed comfort* contact connection connected wonderful* beautiful* beautifully fun spot spot-on on-point job-well
a an the and or but so yet nor of to in on at by for from with without about as into onto
over under up down out off than then there here this that these those it its it's is are
was were be been being am do does did done doing have has had having will would can could
shall should may might must i me my mine we us our you your yours he him his she her they
them their what which who whom whose when where why how all any both each every some such
no not nor only own same too very just also again once always never ever even still really
quite rather pretty so such much many more most less least lot lots bit little overall
generally basically definitely truly totally absolutely extremely super incredibly highly
throughout whole entire today everything anything something things thing stuff way ways
well good great nice fine ok okay awesome amazing fantastic wonderful excellent excellen*
superb outstanding brilliant solid strong perfect* impressive impress* clear clearly
professional* friendly positive* confident* smooth* helpful effective* engag* natural*
calm* polite* warm* pleasant* enthusias* knowledgeable prepared organi* structured
stellar top notch fabulous terrific phenomenal remarkable exceptional lovely cool neat
sharp decent fair adequate better best worse worst bad poor weak okay-ish happy happier
satisfied pleased glad delighted thrilled impressed loved love loves liked like likes
enjoyed enjoy seemed seem seems felt feel feels feeling looked look looks sounded sound
call calls job jobs work works worked working meeting meetings conversation conversations
discussion session performance perform* customer customers client clients team teams
energy attitude tone rapport presentation present* communication communicat* skill skills
effort approach flow style manner vibe vibes relationship relationships question questions
listening listener listen* empathy empathetic understanding understand* experience
expert* expertise knowledge care caring patience patient respectful respect* trust
handled handle handles handling managed manage manages managing kept keep keeps keeping
continue continued continuing showed show shows showing demonstrated demonstrat* made make
makes making went go goes going got get gets getting gave give think thought believe
appreciate* thanks thank thankful nailed nail rocked killed crushed aced smashed delivered
deliver* conducted conduct* led lead leads run ran tried try tries trying improve*
improvement better next time times future moving forward onward keep up kudos bravo congrats
congratulations proud cheers yes yeah wow exactly precisely indeed certainly sure surely
maybe perhaps probably bit slightly somewhat focus* practice* consider* area areas point
points aspect aspects part parts side job-well-done done-well good-job great-job
"""

DE = """
abgeholt abholen empathisch* vorstellung* hut ab kommentar* anmerkung* anmerken bemerkung* vertrauen* aufgebaut aufbauen geschafft schaffen kommunikation* auftritt* präsentation* niveau* qualität* vorbildlich* mustergültig* lehrbuch* erstklassig* spitzenmäßig* bombastisch* genial* großartig* wahnsinn* unglaublich* sensationell* beeindruckend* herzlich* offen* authentisch* glaubwürdig* zuverlässig* kompetenz* fähig* gekonnt* routiniert* selbstbewusst* selbstsicher* locker* entspannt* lebendig* motiviert* engagiert* wertschätzend* respektvoll* aufmerksam* geduldig* erfolgreich* erfolg* gewinn* danke-schön rundum super-job
beim warst wart wäre wären hätte hätten allem alles-in-allem sichtlich wohl gefühlt fühlte fühlen gestellt stellen zugehört zuhör* einwand* einwände behandelt behandeln wirken wirkte nichts hinzuzufügen anzumerken beanstanden kontakt* natürlich* überzeugt* anfang ende schluss toll gelungen* rundum top
der die das den dem des ein eine einen einem einer eines und oder aber sondern denn als
wie so auch noch schon nur sehr ganz wirklich echt total super richtig einfach immer nie
wieder mal mehr viel viele vielen wenig etwas alles nichts ich du er sie es wir ihr mich
mir dich dir sich uns euch ihm ihn ihnen mein meine dein deine sein seine ihr ihre unser
unsere euer eure ist sind war waren bin bist sein gewesen wird werden wurde wurden hat haben
hatte hatten habe hast kann können konnte konnten soll sollte muss müssen darf mag möchte
in im an am auf aus bei mit nach von vom zu zum zur über unter vor hinter durch für gegen
ohne um bis seit dass ob wenn weil da dann hier dort heute insgesamt allgemein durchweg
gut gute guter gutes guten toll* prima klasse spitze super* hervorragend* ausgezeichnet*
exzellent* großartig* grossartig* wunderbar* fantastisch* perfekt* stark* solide* klar*
professionell* freundlich* positiv* souverän* sicher* angenehm* hilfreich* kompetent*
überzeugend* ueberzeugend* sympathisch* ruhig* strukturiert* vorbereitet* beeindruck*
schön* schoen* besser* beste* bestens gefallen gefiel gefällt zufrieden* glücklich*
begeistert* froh gespräch* gespraech* anruf* call* telefonat* termin* meeting* arbeit*
job leistung* kunde* kunden* kundin* team* energie* haltung* ton art weise stil atmosphäre*
stimmung* beziehung* frage fragen zuhören* empathie* verständnis* erfahrung* wissen*
geführt führen* geleitet gemacht machen* gezeigt zeigen* weiter* weitermachen weiter-so
so-weiter danke dank* bravo glückwunsch* kompliment* lob* ja genau nächste* nächstes
nächsten mal zukunft* vielleicht etwas bisschen versuch* verbesser* fokus* achten bereich*
punkt* aspekt* wirkte wirkt gewirkt schien scheint fand finde findet hat's alles-gut
"""

FR = """
exemplaire* dire commentaire* remarque* confiance* instaur* mettre mis créer créé prestation* communication* niveau* qualité* magistral* impeccable* irréprochable* remarquable* admirable* brillant* incroyable* fantastique* merveilleu* splendide* chouette génial* top* lancée lancee sur cette continue continuer rassurant* rassur* authentique* sincère* crédible* fiable* compétent* capable* pose* posé* serein* détendu* ouvert* attentif* patient* respectueu* réussite* succès* gagné*
n ai étais était étions étiez aise l'aise convaincant* rien redire ajouter belle beau beaux belles contact* naturel* naturellement début fin objection* bout
le la les l un une des du de d et ou mais donc or ni car que qu qui quoi dont où ce cet
cette ces c ça cela ceci il elle ils elles on nous vous je j tu me m te t se s moi toi lui
leur leurs mon ma mes ton ta tes son sa ses notre nos votre vos est sont était étaient été
être suis es sommes êtes a ai as avons avez ont avait avaient eu avoir fait faire fais font
peut peuvent pouvait doit devrait dans en sur sous avec sans pour par chez entre vers
pendant depuis très trop bien bon bonne bons bonnes super* vraiment tout toute tous toutes
toujours jamais encore aussi plus moins beaucoup peu assez globalement généralement
excellent* parfait* génial* genial* formidable* magnifique* superbe* remarquable*
impressionn* clair* professionnel* sympathique* sympa* aimable* positi* confian* fluide*
efficace* agréable* agreable* chaleureu* calme* poli* enthousias* préparé* prepare*
structuré* structure* solide* fort* top bravo félicitations felicitations merci content*
satisfait* heureu* ravi* appréci* apprecie* aimé aime adoré adore semblait semble sentait
appel* réunion* reunion* conversation* échange* echange* discussion* session* travail*
boulot performance* client* cliente* équipe* equipe* énergie* energie* attitude* ton
relation* question questions écoute* ecoute* empathie* compréhension* expérience* experience*
connaissance* géré* gere* gérer mené mene mener continué continue continuer montré montre
démontré demontre réussi reussi prochaine* prochain* fois avenir peut-être peut-etre
essayer essaie améliorer ameliorer amélioration* point* aspect* côté* cote* manière maniere
façon facon style oui voilà voila
"""

ES = """
diez comentario* observacion* supiste saber supo generar generaste confianza* crear creaste actuación* actuacion* cercan* comunicación* comunicacion* nivel* calidad* camino este ese impecable* ejemplar* magistral* brillante* increíble* espectacular* maravill* estupend* genial* chévere chevere bacan* tranquilizador* auténtic* sincer* creíble* confiable* competente* capaz paciente* respetuos* atent* éxito* exito* exitos* triunf* nota
sigue seguir así estuviste estuvo tengo tiene tienes nada añadir hecho contacto* natural* naturalidad inicio principio final fin objeción* objecion* hiciste hizo
el la los las lo un una unos unas y e o u pero sino que qué quien quién cual cuál cuando
donde como cómo este esta estos estas ese esa eso esto aquel yo tú tu él ella ellos ellas
nosotros vosotros usted ustedes me te se nos os le les mi mis su sus nuestro nuestra es son
era eran fue fueron ser estar está están estaba estuvo ha han había hay hizo hace hacer
puede pueden debe debería en de del a al con sin para por sobre entre desde hasta durante
muy mucho mucha muchos muchas poco más menos tan tanto todo toda todos todas siempre nunca
también ya aún todavía realmente bastante general generalmente súper super* bien buen buena
buenos buenas bueno excelente* perfect* genial* fantástic* fantastic* maravillos*
estupend* increíble* increible* impresionante* clar* profesional* amable* simpátic*
simpatic* positiv* segur* confian* fluid* eficaz* eficiente* agradable* cálid* calid*
tranquil* educad* entusias* preparad* estructurad* organizad* sólid* solid* fuerte* mejor*
gran grande bravo felicidades enhorabuena gracias content* satisfech* feliz encant*
gust* parecía parecia parece sintió llamada* reunión* reunion* conversación* conversacion*
charla* sesión* sesion* trabajo* desempeño* cliente* equipo* energía* energia* actitud* tono
relación* relacion* pregunta preguntas escucha* empatía* empatia* comprensión* experiencia*
conocimiento* manej* gestion* gestión* llev* condujo continú* continu* mostr* demostr*
próxima* proxima* próximo* proximo* vez futuro quizás quizas tal intentar intenta mejorar
mejora* punto* aspecto* manera forma estilo sí si claro
"""

PT = """
dez nota comentário* comentario* observaç* soube saber criar criou confiança* atuação* atuacao* próxim* proxim* comunicação* comunicacao* nível* nivel* qualidade* caminho nesse neste esse este show impecável* impecavel* exemplar* magistral* brilhante* incrível* espetacular* maravilh* sensacional* demais arrasou arrasar mandou autêntic* sincer* confiável* competente* capaz paciente* respeitos* atent* sucesso* mandou-bem
não nao tenho tem nada acrescentar feito contato* contacto* natural* naturalidade início inicio começo fim final objeção* objecao* objeções fez fizeste estava
o a os as um uma uns umas e ou mas porém que quem qual quando onde como este esta estes
estas esse essa isso isto aquele eu tu você voce ele ela eles elas nós nos vós vocês me te
se lhe lhes meu minha meus minhas seu sua seus suas nosso nossa é são era eram foi foram
ser estar está estão estava esteve tem têm tinha há fez faz fazer pode podem deve deveria
em no na nos nas de do da dos das ao aos à às com sem para por pelo pela sobre entre desde
até durante muito muita muitos muitas pouco mais menos tão tanto todo toda todos todas
sempre nunca também já ainda realmente bastante geral geralmente super* bem bom boa bons
boas ótim* otim* excelente* perfeit* genial* fantástic* fantastic* maravilhos* incrível*
incrivel* impressionante* clar* profissional* simpátic* simpatic* amável* amavel*
positiv* segur* confian* fluid* eficaz* eficiente* agradável* agradavel* calm* educad*
entusias* preparad* estruturad* organizad* sólid* solid* fort* melhor* grande parabéns
parabens obrigad* content* satisfeit* feliz adorou gostou gost* parecia parece sentiu
chamada* ligação* ligacao* reunião* reuniao* conversa* sessão* sessao* trabalho*
desempenho* cliente* equipe* equipa* energia* atitude* tom relação* relacao* pergunta perguntas
escuta* empatia* compreensão* experiência* experiencia* conhecimento* conduziu conduz*
lidou lidar continu* mostr* demonstr* próxima* proxima* próximo* proximo* vez futuro
talvez tentar tente melhorar melhoria* ponto* aspecto* maneira forma estilo sim claro
"""

NO = """
ingen kommentar* merknad* skapte skape skapt tillit* kommunikasjon* topp* nivå* kvalitet* eksemplarisk* mønster* lærebok* strålende* fantastisk* kjempefin* kjempebra* kjempegod* glimrende* fremragende* suveren* imponerende* trygghet* autentisk* troverdig* pålitelig* kompetent* dyktig* flink* rolig* avslappet* åpen* oppmerksom* tålmodig* respektfull* suksess* nær nært varm* slik sånn
ingenting utsette tilføye kontakt* naturlig* start slutt innvending* innvendinger fikk gjorde alt-i-alt
og i på til av for med som det den de en et ei er var har hadde blir ble vært å at om
men eller så også bare veldig svært helt virkelig skikkelig kjempe* super* mye mange mer
mest litt noe alt alle jeg du han hun vi dere meg deg seg oss dem min mitt mine din ditt
dine sin sitt sine vår vårt våre hans hennes deres kan kunne skal skulle vil ville må
måtte bør burde fra ved hos etter før under over mellom uten gjennom mot her der nå i dag
alltid aldri igjen generelt totalt stort sett god godt gode bra flott* fin fint fine
utmerket* strålende* fantastisk* perfekt* supert imponer* tydelig* klar* profesjonell*
vennlig* positiv* trygg* rolig* hyggelig* hjelpsom* effektiv* engasjert* naturlig*
forberedt* strukturert* solid* sterk* bedre best beste fornøyd* glad* lykkelig* likte
liker elsket virket virker følte føles syntes synes samtale* samtalen samtalene møte*
møtet telefon* arbeid* jobb* jobbet innsats* prestasjon* kunde* kunden kundene team*
teamet energi* holdning* tone* stil* måte* relasjon* forhold* spørsmål* lytting* lytte*
empati* forståelse* erfaring* kunnskap* håndtert* håndterte håndtere ledet lede gjort
gjorde gjør fortsett* fortsatt viste vise vist takk gratulerer bravo neste gang gangen
fremtid* kanskje prøv* prøve forbedr* fokus* punkt* aspekt* del ja nei jo akkurat
"""

SV = """
inga ingen kommentar* anmärkning* skapade skapa skapat förtroende* kommunikation* toppen* nivå* kvalitet* exemplarisk* mönster* lärobok* strålande* fantastisk* jättefin* jättebra* jättegod* suverän* imponerande* trygghet* autentisk* trovärdig* pålitlig* kompetent* duktig* lugn* avslappnad* öppen* uppmärksam* tålmodig* respektfull* framgång* nära varm* så här
inget ingenting anmärka tillägga hur kontakt* naturlig* start slut invändning* invändningar fick gjorde
och i på till av för med som det den de en ett är var har hade blir blev varit att om men
eller så också bara väldigt mycket helt verkligen riktigt jätte* super* mycket många mer
mest lite något allt alla jag du han hon vi ni mig dig sig oss dem min mitt mina din ditt
dina sin sitt sina vår vårt våra hans hennes deras kan kunde ska skulle vill ville måste
bör borde från vid hos efter före under över mellan utan genom mot här där nu idag alltid
aldrig igen generellt totalt överlag bra god gott goda fin fint fina toppen utmärkt*
strålande* fantastisk* perfekt* superbra imponer* tydlig* klar* professionell* vänlig*
positiv* trygg* lugn* trevlig* hjälpsam* effektiv* engagerad* naturlig* förberedd*
strukturerad* solid* stark* bättre bäst bästa nöjd* glad* lycklig* gillade gillar älskade
verkade verkar kändes känns tyckte tycker samtal* samtalet möte* mötet telefon* arbete*
jobb* jobbade insats* prestation* kund* kunden kunderna team* teamet energi* attityd*
ton* stil* sätt* relation* fråga* frågor lyssna* empati* förståelse* erfarenhet*
kunskap* hanterade hantera ledde leda gjort gjorde gör fortsätt* fortsatt visade visa
visat tack grattis bravo nästa gång gången framtid* kanske försök* försöka förbättr*
fokus* punkt* aspekt* del ja nej jo precis
"""

RU = """
образцов* замечани* сумел* суметь вызвал* вызвать довери* выступлени* тепл* коммуникаци* класс* том же духе дух* уров* качеств* безупречн* блестящ* потрясающ* восхитительн* шикарн* великолепн* невероятн* образцов* уверенност* искренн* надёжн* надежн* компетентн* способн* внимательн* терпелив* уважительн* успех* успешн* приятно умниц*
явно нечего ничего добавить тому того можно нельзя чуть немного разу контакт* естественн* справил* справлял* возражени* начал* конец настрой* отлич* здорово
и в во на с со к ко по о об от до из у за для без под над при про через а но или да же
ли бы не ни что чтобы как так это этот эта эти тот та те то он она оно они мы вы я ты его
ее её их им ему ей нам вам мне тебе себя свой своя свои мой моя наш ваш был была было были
быть есть будет очень весьма совсем реально действительно просто всегда никогда снова ещё
еще уже тоже также много мало больше меньше все всё весь вся всего всем вообще в-целом
целом сегодня хорош* отличн* прекрасн* замечательн* великолепн* превосходн* супер*
классн* круто крут* идеальн* сильн* уверенн* профессиональн* дружелюбн* вежлив* спокойн*
приятн* позитивн* понятн* ясн* чётк* четк* структурирован* подготовлен* впечатл* лучш*
молодец* молодцы браво спасибо благодар* поздравля* довол* рад* счастлив* понравил*
нравит* казал* кажется звонок звонк* разговор* беседа* беседу встреч* работ* клиент*
команд* энерги* отношени* тон* стиль* подход* вопрос* слушани* эмпати* понимани* опыт*
знани* провел* провёл* провела* провели вел вёл вела держал* продолжай продолжайте продолжать показал* так-держать
следующ* раз будущ* может возможно попробу* стоит улучш* обрат* внимани* момент* аспект*
часть сторон* да нет именно точно
"""

UK = """
зразков* зауважен* зуміл* зуміти викликал* викликати довір* виступ* тепл* комунікаці* клас* тому ж дусі дус* рів* якіст* бездоганн* блискуч* приголомшлив* чарівн* неймовірн* впевненіст* щир* надійн* компетентн* здатн* уважн* терпляч* шанобл* успіх* успішн* приємно розумниц*
явно нічого додати тому того можна трохи трішки разу контакт* природн* впора* заперечен* почат* кінець настр* гарн* гарно класно
і й та в у на з із зі до від по про для без під над при через а але або чи же б не ні що
щоб як так це цей ця ці той та ті те він вона воно вони ми ви я ти його її їх їм йому їй
нам вам мені тобі себе свій своя свої мій моя наш ваш був була було були бути є буде дуже
зовсім справді дійсно просто завжди ніколи знову ще вже теж також багато мало більше
менше все всі весь вся загалом сьогодні добр* чудов* відмінн* прекрасн* чудес*
неймовірн* класн* круто крут* ідеальн* сильн* впевнен* професійн* дружн* привітн*
ввічлив* спокійн* приємн* позитивн* зрозуміл* чітк* ясн* структурован* підготовлен*
вражає вражен* найкращ* кращ* молодець молодці браво дякую дяк* вітаю задоволен* радий
рада раді щаслив* сподобал* подобає здавал* здається дзвін* дзвінк* розмов* бесід*
зустріч* робот* клієнт* команд* енергі* ставлен* тон* стиль* підхід* питанн* запитанн*
слуханн* емпаті* розумінн* досвід* знанн* провів* провела провели вів вела тримав*
продовжуй продовжуйте продовжувати показав* показала так-тримати наступн* раз майбутн* може можливо спробу* варто
покращ* зверн* уваг* момент* аспект* частин* сторон* так ні саме точно
"""

JA = """
文句 文句なし 言うことなし 申し分 申し分ない コミュニケーション 信頼 得られ 得られて 温かい 温かく 安定 安定感 自信 堂々 誠実 親身 好感 好感度 見本 手本 お手本 模範 完璧な 理想 理想的 調子 この調子 素晴らしく 素敵な 流石 さすが 問題 特に 特にない 何も なし 満足そう 楽しそう 嬉しそう 安心感 プロらしい らしい 感じの良い 感じ良く
とても 本当に 本当 非常に 大変 すごく すごい 凄い 凄く 素晴らしい 素晴らしかった 素晴らし
素敵 すばらしい 良い 良かった 良く 良さ よい よかった よく いい 最高 完璧 見事 立派 丁寧
上手 上手く うまく うまい 自然 明確 分かりやすい わかりやすい 分かりやす わかりやす
プロ プロフェッショナル 親切 優しい 温かい 落ち着 安心 ポジティブ 前向き 効果的 印象的
感心 感動 満足 嬉しい うれしい 楽しい 好印象 印象 通話 電話 会話 対応 仕事 業務 作業
お客様 お客さま 顧客 お客 相手 チーム 雰囲気 態度 姿勢 トーン 関係 信頼 質問 傾聴
共感 理解 経験 知識 全体 全体的 全体的に 全般 全て すべて 全部 今回 今日 いつも 常に
引き続き 引続き 頑張 がんば お疲れ様 おつかれさま ありがとう ありがとうございます 感謝
お願い 次回 次 今後 もっと さらに 更に 少し ちょっと もう少し 意識 気をつけ 心がけ
改善 向上 できて できた できる でき 出来 して した する します しました して
いました いる います ある あります あった でした です だった である ました ません
思います 思う 感じ 感じました 見えました 見え そう よう こと もの ところ ため
"""

ZH = """
无可挑剔 挑剔 无懈可击 完美无缺 出色的 优异 赞 很赞 点赞 一流 到位 得体 大方 自如 从容 真诚 可靠 可信 信任 赢得 温暖 亲和 亲和力 状态 水平 质量 保持 这个 这样 继续努力 再接再厉 榜样 典范 模范 满分 完美 棒极了 优秀的 十分专业
非常 特别 很 太 真 真的 十分 相当 挺 蛮 都 也 还 就 又 再 更 最 总体 整体 总的来说 总之
整体上 一直 始终 总是 今天 这次 本次 好 很好 不错 优秀 出色 完美 精彩 棒 很棒 厉害
专业 友好 热情 耐心 自然 清楚 清晰 流畅 顺利 积极 正面 自信 稳 稳定 有效 高效 礼貌
亲切 愉快 满意 开心 高兴 喜欢 感谢 谢谢 辛苦 辛苦了 加油 继续 保持 继续保持 做得 做的
做 得 表现 表现得 通话 电话 会议 沟通 交流 对话 谈话 工作 客户 顾客 团队 气氛 态度
语气 关系 信任 问题 倾听 共鸣 理解 经验 知识 能力 技巧 方面 地方 部分 下次 以后 今后
未来 可以 能 会 要 应该 需要 更加 一点 一些 有些 稍微 注意 改进 提高 提升 的 了 是 在
和 与 及 我 你 他 她 它 们 我们 你们 他们 这 那 这个 那个 有 没有 没 不 吗 呢 吧 啊 呀
得很 让 给 把 被 对 跟 从 到 为 因为 所以 但是 但 而且 并且 如果 就是 觉得 认为 感觉
看起来 似乎 好像 非常好 相当好
"""

TH = """
ไม่มีที่ติ ได้รับ ความไว้วางใจ ไว้วางใจ อบอุ่น มาตรฐาน รักษามาตรฐาน ไว้ ดีเลิศ เลิศ ประเสริฐ น่าชื่นชม ชื่นชม ยอด ปัง เจ๋ง เยี่ยมเลย ดีเลย สื่อสาร การสื่อสาร มั่นใจมาก ความมั่นใจ น่าเชื่อถือ จริงใจ
ดีมาก ดีเยี่ยม ยอดเยี่ยม เยี่ยม ดี เก่ง เก่งมาก สุดยอด ประทับใจ ชัดเจน เป็นธรรมชาติ
เป็นมืออาชีพ มืออาชีพ เป็นกันเอง เป็นมิตร สุภาพ ใจเย็น มั่นใจ ราบรื่น มีประสิทธิภาพ
น่าประทับใจ พอใจ ดีใจ ชอบ ขอบคุณ ยินดี การโทร โทร การสนทนา สนทนา การประชุม ประชุม
การคุย คุย งาน การทำงาน ลูกค้า ทีม บรรยากาศ ทัศนคติ น้ำเสียง ความสัมพันธ์ คำถาม ฟัง
การฟัง เข้าใจ ความเข้าใจ ประสบการณ์ ความรู้ ทักษะ โดยรวม ทั้งหมด ทุกอย่าง ตลอด
ครั้งนี้ วันนี้ เสมอ มาก มากๆ จริงๆ จริง ที่สุด สุดๆ ค่อนข้าง เลย นะ ครับ ค่ะ คะ จ้ะ
จ้า ทำ ทำได้ ได้ ได้ดี ทำได้ดี รักษา ต่อไป ทำต่อไป ครั้งหน้า คราวหน้า ต่อไปนี้ อนาคต
อาจ อาจจะ ลอง พยายาม ปรับปรุง พัฒนา เพิ่ม อีก นิด นิดหน่อย หน่อย และ หรือ แต่ ที่ ซึ่ง
ของ ใน บน กับ จาก ให้ ว่า เป็น คือ มี ไม่ ก็ จะ ได้ แล้ว อยู่ กำลัง คุณ เขา เรา ผม ฉัน
ดิฉัน พวกเขา นี้ นั้น การ ความ อย่าง แบบ รู้สึก ดูเหมือน เหมือน ดู น่า
"""

LANGUAGES = {
    "english": EN,
    "german": DE,
    "french": FR,
    "spanish": ES,
    "portuguese": PT,
    "norwegian": NO,
    "swedish": SV,
    "russian": RU,
    "ukrainian": UK,
    "japanese": JA,
    "chinese": ZH,
    "thai": TH,
}
