/**
 * Word lists for the benchmark generator: the function words and the
 * domain vocabulary of public-administration interviews in English and
 * Spanish, plus collocations that published dictionaries list as phrases.
 * Plain data; `generate.js` turns it into Zipf-distributed text.
 */

/** Function words, most frequent first (they take the head of the Zipf curve). */
export const FUNCTION_WORDS = {
  en: `the and to of a that in it we is was you for they i this so on with but be have not what there
are as at it's don't if or about had from one all were just do because by more we're when our an
would them their very which people then can think like well who been also how they're out up some
no there's much really lot into than only other those has will get could my yes me he she kind sort
actually now even still any here where these did same first two three say said know things thing
every back again over after before through while never always sometimes maybe perhaps quite rather
between each both most many few us your its his her something nothing everything anyone somebody
why whether though although until since during without within against under again already often
let's that's i'd i'm you're isn't wasn't didn't couldn't wouldn't doesn't can't yeah okay right`
    .split(/\s+/),
  es: `de la que el en y a los se no las un por con una para es lo como más pero sus le ya o fue este
ha sí porque esta son entre cuando muy sin sobre también me hasta hay donde quien desde todo nos
durante todos uno les ni contra otros ese eso ante ellos e esto mí antes algunos qué unos yo otro
otras otra él tanto esa estos mucho quienes nada muchos cual poco ella estar estas algunas algo
nosotros mi mis tú te ti tu tus ellas nosotras vosotros os mío mía era eran fuimos teníamos hemos
había bueno pues claro digamos vale entonces luego después siempre nunca todavía aquí allí ahí así
bien mal también tampoco casi cada mismo misma mismos gente cosa cosas vez veces año años decir
dice dijo hacer hace hizo tener tiene tenía ver veía estaba están está sea fuera sido siendo`
    .split(/\s+/),
};

/** Content words by language: nouns, verbs and adjectives of the domain, with their inflections. */
export const CONTENT_WORDS = {
  en: `administration administrations administrative administrator administrators agency agencies
ministry ministries minister department departments unit units team teams service services
public publicly citizen citizens citizenship user users usage use used using useful platform
platforms portal portals digital digitally digitalisation digitization transformation transform
transformed transforming data dataset datasets database open openness opened transparency transparent
accountability accountable participation participate participated participating participant
participants participatory engagement engage engaged engaging consultation consult consulted
consulting feedback survey surveys interview interviews workshop workshops meeting meetings
co-design co-creation co-production collaborate collaboration collaborative collaborated partner
partners partnership partnerships stakeholder stakeholders association associations business
businesses company companies firm firms startup startups university universities researcher
researchers civil servant servants staff employee employees official officials manager managers
management leadership leader leaders director directors political politician politicians policy
policies law laws legal legislation regulation regulations regulatory decree procedure procedures
process processes bureaucracy bureaucratic paperwork form forms document documents certificate
certificates identity identification authentication signature electronic online offline internet
website websites app apps mobile smartphone software hardware infrastructure cloud server servers
system systems interoperability interoperable integration integrate integrated exchange shared
sharing reuse reused reusing reusable replicate replicated replication scale scaling scaled
region regions regional local municipality municipalities council councils city cities town
village villages national state government governments budget budgets funding funds cost costs
saving savings efficiency efficient effective effectiveness quality performance indicator
indicators evaluation evaluate evaluated measure measured measurement result results outcome
outcomes impact impacts value values benefit benefits benefited success successful succeed
failure failed fail problem problems challenge challenges difficulty difficulties barrier barriers
resistance resistant change changes changed changing culture cultural organisational organization
organisation organisations innovation innovative innovate pilot pilots prototype prototypes
project projects programme programmes strategy strategic plan plans planning priority priorities
prioritise prioritised quick win wins early version versions launch launched launching deliver
delivered delivery deadline deadlines month months week weeks year years time timeline training
trained skills skill competence competences expertise knowledge learning learned learn lesson
lessons experience experiences trust trusted confidence communication communicate communicated
information informed inform access accessible accessibility inclusion inclusive exclusion excluded
divide elderly vulnerable disability disabilities rural urban gap gaps security secure privacy
protection cybersecurity risk risks legacy modernisation modernise procurement contract contracts
tender tenders supplier suppliers vendor vendors outsourcing internal external
coordination coordinate coordinated cooperation cooperate network networks community communities
europe european commission directive directives standard standards open-source licence`
    .split(/\s+/),
  es: `administración administraciones administrativo administrativa administrativos organismo
organismos ministerio ministerios ministro departamento unidad unidades equipo equipos servicio
servicios público pública públicos públicas ciudadano ciudadana ciudadanos ciudadanía usuario
usuarios usuaria uso usar usado útil plataforma plataformas portal portales digital digitales
digitalización transformación transformar datos dato abiertos apertura transparencia transparente
rendición cuentas participación participar participaron participativo participantes implicación
consulta consultas consultar encuesta encuestas entrevista entrevistas taller talleres reunión
reuniones codiseño cocreación colaborar colaboración colaborativo socio socios alianza alianzas
asociación asociaciones empresa empresas compañía emprendedores universidad universidades
investigador investigadores funcionario funcionarios funcionaria personal empleado empleados
directivo directivos responsable responsables dirección liderazgo político políticos política
políticas ley leyes jurídico normativa reglamento decreto procedimiento procedimientos proceso
procesos burocracia burocrático papeleo formulario formularios documento documentos certificado
certificados identidad identificación autenticación firma electrónica electrónico internet
web aplicación aplicaciones móvil software infraestructura nube servidor servidores sistema
sistemas interoperabilidad interoperable integración integrar integrado intercambio compartido
compartir reutilización reutilizar reutilizado replicar replicado replicación escala escalar
región regiones regional autonómico autonómica comunidad comunidades ayuntamiento ayuntamientos
municipio municipios ciudad ciudades pueblo pueblos estado gobierno gobiernos presupuesto
presupuestos financiación fondos coste costes ahorro ahorros eficiencia eficaz eficacia calidad
rendimiento indicador indicadores evaluación evaluar evaluado medir medición resultado
resultados impacto impactos valor beneficio beneficios éxito exitoso fracaso fracasó problema
problemas reto retos dificultad dificultades barrera barreras resistencia cambio cambios
cambiar cultura cultural organización organizaciones innovación innovador innovadora piloto
prototipo proyecto proyectos programa programas estrategia estratégico plan planes planificación
prioridad prioridades priorizar victoria rápida temprano temprana primera versión lanzamiento
lanzar lanzamos entregar entrega plazo plazos mes meses semana semanas tiempo calendario
formación formar habilidades competencias conocimiento aprendizaje aprender lección lecciones
experiencia experiencias confianza comunicación comunicar información informar acceso accesible
accesibilidad inclusión inclusivo exclusión excluidos brecha mayores vulnerables discapacidad
rural urbano seguridad seguro privacidad protección ciberseguridad riesgo riesgos heredado
modernización modernizar contratación contrato contratos licitación licitaciones proveedor
proveedores externalización interno externo coordinación coordinar cooperación cooperar red
redes europa europea europeo comisión directiva estándar estándares código abierto licencia`
    .split(/\s+/),
};

/** Two- and three-word collocations that dictionaries list as phrases. */
export const COLLOCATIONS = {
  en: [
    'public service', 'public services', 'civil servants', 'digital transformation', 'open data', 'quick win', 'quick wins',
    'user feedback', 'once only', 'single sign-on', 'shared platform', 'legal framework', 'digital divide',
    'local councils', 'European funds', 'technical debt', 'change management', 'first version', 'public value',
    'service design', 'user research', 'data protection', 'political support', 'top management',
  ],
  es: [
    'servicio público', 'servicios públicos', 'funcionarios de carrera', 'transformación digital', 'datos abiertos',
    'victoria rápida', 'primera versión', 'marco legal', 'brecha digital', 'fondos europeos', 'carpeta ciudadana',
    'sede electrónica', 'apoyo político', 'valor público', 'diseño de servicios', 'protección de datos',
    'gestión del cambio', 'administración electrónica', 'sólo una vez', 'plataforma compartida',
  ],
};

/** Words that keep the tokenizer honest: joiners, hyphens, apostrophes, numbers. */
export const ODD_TOKENS = ['Cl@ve', 'datos.gob.es', 'once-only', 'e-government', 'co-design', '2016', '2020', '47', 'GDPR', 'eIDAS', 'PIN', 'ICT', 'l·l', 'citizen’s', 'n.º'];

/** Protocol topics with their Markdown headings. */
export const TOPICS = [
  ['organisation', 'Organisation'],
  ['project', 'Project'],
  ['actors', 'Actors'],
  ['challenges', 'Challenges'],
  ['involvement', 'Involvement'],
  ['replication', 'Replication'],
  ['public-value', 'Public value'],
  ['future', 'Future'],
];

/** Syllables for the rare tail of the vocabulary (names, jargon, typos) that every real corpus has. */
export const SYLLABLES = {
  en: 'ba be bi bo bu ca co cu da de di do fa fe fi fo ga ge go ha he hi ho la le li lo lu ma me mi mo na ne no pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi wa we wi ter ing tion ment ness ly er ar or'.split(' '),
  es: 'ba be bi bo bu ca co cu da de di do fa fe fi fo ga ge go ja je jo la le li lo lu ma me mi mo na ne ni no ña ño pa pe pi po ra re ri ro sa se si so ta te ti to va ve vi ción dad mente ero era ía ón és'.split(' '),
};
