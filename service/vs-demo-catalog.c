/* vs-demo-catalog.c: deterministic generator of realistic institutions and services */

#include "config.h"

#include <string.h>

#include "iv-validate.h"
#include "vs-demo-catalog.h"

/* Every item draws from its own small generator seeded by (seed, kind,
 * index), so an item never depends on how many came before it: the first
 * 5,000 services of a seed are the same in a 100,000-service catalog. */
typedef struct {
  guint64 state;
} Rng;

static guint64
splitmix64 (guint64 *state)
{
  guint64 z = (*state += G_GUINT64_CONSTANT (0x9e3779b97f4a7c15));

  z = (z ^ (z >> 30)) * G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * G_GUINT64_CONSTANT (0x94d049bb133111eb);
  return z ^ (z >> 31);
}

static void
rng_init (Rng     *rng,
          guint32  seed,
          guint32  salt,
          guint64  index)
{
  rng->state = ((guint64) seed << 32) ^ ((guint64) salt << 56) ^ index;
  (void) splitmix64 (&rng->state);
}

static guint32
rng_below (Rng     *rng,
           guint32  n)
{
  g_assert (n > 0);
  return (guint32) (splitmix64 (&rng->state) % n);
}

/* TRUE with probability percent/100 */
static gboolean
rng_chance (Rng   *rng,
            guint  percent)
{
  return rng_below (rng, 100) < percent;
}

#define PICK(rng, array) ((array)[rng_below ((rng), G_N_ELEMENTS (array))])

/* ---- Institutions ------------------------------------------------------ */

typedef struct {
  const char *name;       /* 浦东新区 */
  const char *short_name; /* 浦东 */
  const char *admin_code; /* 310115, the GB/T 2260 division code */
  const char *roads[6];
} District;

static const District districts[] = {
  { "黄浦区", "黄浦", "310101", { "南京东路", "西藏中路", "淮海中路", "复兴中路", "中山南路", "河南南路" } },
  { "徐汇区", "徐汇", "310104", { "漕溪北路", "宜山路", "桂平路", "虹漕路", "钦州北路", "田林路" } },
  { "长宁区", "长宁", "310105", { "延安西路", "天山路", "仙霞路", "金钟路", "临虹路", "协和路" } },
  { "静安区", "静安", "310106", { "共和新路", "江场西路", "万荣路", "灵石路", "广延路", "汶水路" } },
  { "普陀区", "普陀", "310107", { "真北路", "武宁路", "金沙江路", "中山北路", "同普路", "云岭东路" } },
  { "虹口区", "虹口", "310109", { "四平路", "西江湾路", "广纪路", "东大名路", "临平路", "场中路" } },
  { "杨浦区", "杨浦", "310110", { "国定路", "政立路", "军工路", "长阳路", "邯郸路", "殷行路" } },
  { "闵行区", "闵行", "310112", { "东川路", "剑川路", "紫星路", "春东路", "光华路", "新骏环路" } },
  { "宝山区", "宝山", "310113", { "上大路", "沪太路", "城银路", "富联路", "园康路", "蕰川路" } },
  { "嘉定区", "嘉定", "310114", { "嘉罗公路", "叶城路", "城北路", "曹安公路", "安亭墨玉路", "兴顺路" } },
  { "浦东新区", "浦东", "310115", { "张江路", "祖冲之路", "郭守敬路", "蔡伦路", "金科路", "博云路" } },
  { "金山区", "金山", "310116", { "龙胜路", "卫清西路", "亭卫公路", "金山大道", "山阳大道", "林慧路" } },
  { "松江区", "松江", "310117", { "文翔路", "九亭中心路", "新飞路", "荣乐东路", "光星路", "北松公路" } },
  { "青浦区", "青浦", "310118", { "华徐公路", "外青松公路", "崧泽大道", "新丹路", "赵重公路", "漕盈路" } },
  { "奉贤区", "奉贤", "310120", { "海思路", "金海公路", "望园南路", "环城东路", "八字桥路", "星火开发区莲塘路" } },
  { "崇明区", "崇明", "310151", { "陈海公路", "八一路", "北沿公路", "东门路", "鼓浦路", "长兴江南大道" } },
};

/* What an institution's kind offers, by category (bit per category) */
enum {
  CAT_TESTING,
  CAT_JOINT_RND,
  CAT_COMMISSIONED_DEV,
  CAT_RND_DESIGN,
  CAT_TECH_SOLUTION,
  CAT_INSTRUMENT,
  N_CATEGORIES
};

static const char * const category_codes[N_CATEGORIES] = {
  "testing", "joint_rnd", "commissioned_dev", "rnd_design", "tech_solution", "instrument",
};

#define BIT(c) (1u << (c))

/* Indices into fields[] below, so a kind can say which fields suit it */
enum {
  F_MATERIALS, F_ENVIRONMENT, F_ELECTRONICS, F_BIOMEDICINE, F_CHEMICALS, F_FOOD,
  F_NANO, F_IC, F_MACHINERY, F_AUTO_PARTS, F_NEW_ENERGY, F_IT, F_INSTRUMENTS,
  F_BUILDING, F_OPTOELECTRONICS, F_AEROSPACE, F_AI, F_MEDICAL_DEVICES, F_POLYMERS,
  F_ELECTRICAL, F_TEXTILES, F_MARINE, F_MANUFACTURING, F_STORAGE, N_FIELDS
};

static const char * const fields[N_FIELDS] = {
  "材料", "环境", "电子", "生物医药", "化工", "食品", "纳米技术", "集成电路", "机械",
  "汽车零部件", "新能源", "信息技术", "精密仪器", "建筑材料", "光电", "航空材料",
  "人工智能", "医疗器械", "高分子材料", "电气", "纺织", "海洋工程", "先进制造", "储能",
};

#define ALL_FIELDS ((1u << N_FIELDS) - 1)
#define NOT(f)     (ALL_FIELDS & ~(f))

typedef struct {
  const char *suffix;
  gboolean    company;      /* a business: credit code 91…; else a public institution 12… */
  guint       accredit_pct; /* how often it holds CMA/CNAS */
  guint       categories;
  guint32     fields;       /* which fields make a believable name */
} Kind;

static const Kind kinds[] = {
  { "检测中心",         FALSE, 95, BIT (CAT_TESTING) | BIT (CAT_INSTRUMENT),
    NOT (BIT (F_AI) | BIT (F_MANUFACTURING)) },
  { "分析测试中心",     FALSE, 95, BIT (CAT_TESTING) | BIT (CAT_INSTRUMENT),
    NOT (BIT (F_AI) | BIT (F_IT) | BIT (F_MANUFACTURING)) },
  { "质量检验所",       FALSE, 95, BIT (CAT_TESTING),
    BIT (F_FOOD) | BIT (F_TEXTILES) | BIT (F_BUILDING) | BIT (F_ELECTRICAL) | BIT (F_MACHINERY) |
    BIT (F_CHEMICALS) | BIT (F_MEDICAL_DEVICES) | BIT (F_AUTO_PARTS) | BIT (F_ENVIRONMENT) | BIT (F_POLYMERS) },
  { "计量测试研究所",   FALSE, 90, BIT (CAT_TESTING) | BIT (CAT_INSTRUMENT) | BIT (CAT_TECH_SOLUTION),
    BIT (F_INSTRUMENTS) | BIT (F_ELECTRONICS) | BIT (F_ELECTRICAL) | BIT (F_OPTOELECTRONICS) | BIT (F_MACHINERY) },
  { "研究院",           FALSE, 50, BIT (CAT_JOINT_RND) | BIT (CAT_TECH_SOLUTION) | BIT (CAT_TESTING) | BIT (CAT_COMMISSIONED_DEV),
    ALL_FIELDS },
  { "重点实验室",       FALSE, 60, BIT (CAT_JOINT_RND) | BIT (CAT_INSTRUMENT) | BIT (CAT_TESTING),
    NOT (BIT (F_BUILDING) | BIT (F_AUTO_PARTS)) },
  { "工程技术研究中心", FALSE, 50, BIT (CAT_JOINT_RND) | BIT (CAT_TECH_SOLUTION) | BIT (CAT_COMMISSIONED_DEV) | BIT (CAT_RND_DESIGN),
    ALL_FIELDS },
  { "设计研究院",       FALSE, 20, BIT (CAT_RND_DESIGN) | BIT (CAT_TECH_SOLUTION),
    BIT (F_CHEMICALS) | BIT (F_MACHINERY) | BIT (F_ELECTRONICS) | BIT (F_IC) | BIT (F_MARINE) |
    BIT (F_AUTO_PARTS) | BIT (F_MEDICAL_DEVICES) | BIT (F_BUILDING) },
  { "技术服务有限公司", TRUE,  40, BIT (CAT_COMMISSIONED_DEV) | BIT (CAT_TECH_SOLUTION) | BIT (CAT_TESTING),
    ALL_FIELDS },
  { "检测技术有限公司", TRUE,  95, BIT (CAT_TESTING),
    NOT (BIT (F_AI) | BIT (F_MANUFACTURING) | BIT (F_NANO)) },
  { "工业设计有限公司", TRUE,  10, BIT (CAT_RND_DESIGN),
    BIT (F_MACHINERY) | BIT (F_AUTO_PARTS) | BIT (F_MEDICAL_DEVICES) | BIT (F_ELECTRONICS) |
    BIT (F_MANUFACTURING) | BIT (F_INSTRUMENTS) },
  { "软件技术有限公司", TRUE,  15, BIT (CAT_COMMISSIONED_DEV) | BIT (CAT_RND_DESIGN),
    BIT (F_IT) | BIT (F_AI) | BIT (F_IC) | BIT (F_ELECTRONICS) | BIT (F_MEDICAL_DEVICES) | BIT (F_MANUFACTURING) },
};

/* A field that suits the kind, drawn evenly among those */
static guint
pick_field (Rng  *rng,
            guint kind)
{
  guint n = (guint) __builtin_popcount (kinds[kind].fields);
  guint k = rng_below (rng, n);

  for (guint f = 0; f < N_FIELDS; f++)
    if ((kinds[kind].fields & BIT (f)) && k-- == 0)
      return f;
  g_assert_not_reached ();
}

/* A university lab: the university, its campus district */
typedef struct {
  const char *name;
  guint       district;   /* index into districts */
} University;

static const University universities[] = {
  { "复旦大学", 6 },       /* 杨浦 */
  { "上海交通大学", 7 },   /* 闵行 */
  { "同济大学", 6 },
  { "华东师范大学", 7 },
  { "华东理工大学", 1 },   /* 徐汇 */
  { "上海大学", 8 },       /* 宝山 */
  { "东华大学", 12 },      /* 松江 */
  { "上海理工大学", 6 },
  { "上海科技大学", 10 },  /* 浦东 */
};

static const char * const university_kinds[] = {
  "重点实验室", "分析测试中心", "工程技术研究中心", "研究院",
};

/* Kind indices of university_kinds[] in kinds[] */
static guint
kind_index (const char *suffix)
{
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (kinds[i].suffix, suffix) == 0)
      return i;
  g_assert_not_reached ();
}

static const char credit_charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Organisation code (GB 11714): 8 digits and a check character.  The
 * index is folded in so that codes never repeat. */
static void
make_org_code (Rng   *rng,
               guint  index,
               char   out[10])
{
  static const guint weights[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
  guint v = 10000000u + (index * 97u + rng_below (rng, 97)) % 90000000u;
  guint sum = 0;

  g_snprintf (out, 9, "%08u", v);
  for (guint i = 0; i < 8; i++)
    sum += (guint) (out[i] - '0') * weights[i];
  sum = 11 - sum % 11;
  out[8] = sum == 10 ? 'X' : sum == 11 ? '0' : (char) ('0' + sum);
  out[9] = '\0';
}

static void
make_credit_code (Rng            *rng,
                  const District *district,
                  gboolean        company,
                  guint           index,
                  char            out[19])
{
  if (company)
    {
      /* 9 1 (business, company), division code, "MA1" and six characters */
      guint v = 923521u + (index * 7919u + rng_below (rng, 7919)) % 886000000u;

      memcpy (out, "91", 2);
      memcpy (out + 2, district->admin_code, 6);
      memcpy (out + 8, "MA1", 3);
      for (int i = 16; i >= 11; i--)
        {
          out[i] = credit_charset[v % 31];
          v /= 31;
        }
    }
  else
    {
      /* 1 2 (机构编制, 事业单位), division code, organisation code */
      char org[10];

      make_org_code (rng, index, org);
      memcpy (out, "12", 2);
      memcpy (out + 2, district->admin_code, 6);
      memcpy (out + 8, org, 9);
    }
  out[17] = iv_credit_code_check_char (out);
  out[18] = '\0';
}

/* What the service generator needs to know about an institution */
typedef struct {
  guint categories;
  guint kind;
  guint field;
  guint accredited;    /* bit 0 CMA, bit 1 CNAS */
} InstitutionProfile;

static void
make_institution (guint32             seed,
                  guint               index,
                  GHashTable         *names,
                  InstitutionProfile *profile,
                  VsSeedInstitution  *out,
                  char               *name_buf,
                  gsize               name_len,
                  char               *address_buf,
                  gsize               address_len,
                  char               *phone_buf,
                  gsize               phone_len,
                  char               *code_buf,
                  char               *id_buf,
                  gsize               id_len,
                  const char        **accreditations)
{
  static const char * const buildings[] = { "1号楼", "2号楼", "A座", "B座", "3幢", "5号楼" };
  static const char * const ordinals[] = { "", "第二", "第三", "第四", "第五", "第六", "第七", "第八", "第九" };
  Rng rng;
  const District *district;
  guint kind;
  guint field;
  gboolean university;
  guint n_accreditations = 0;

  rng_init (&rng, seed, 1, index);

  university = rng_chance (&rng, 12);
  if (university)
    {
      const University *u = &PICK (&rng, universities);

      district = &districts[u->district];
      kind = kind_index (PICK (&rng, university_kinds));
      field = pick_field (&rng, kind);
      g_snprintf (name_buf, name_len, "%s%s%s", u->name, fields[field], kinds[kind].suffix);
    }
  else
    {
      district = &PICK (&rng, districts);
      kind = rng_below (&rng, G_N_ELEMENTS (kinds));
      field = pick_field (&rng, kind);
      g_snprintf (name_buf, name_len, "上海%s%s%s",
                  district->short_name, fields[field], kinds[kind].suffix);
    }

  /* Names are unique; a repeat becomes a branch (第二检测中心 …) */
  if (g_hash_table_contains (names, name_buf))
    {
      g_autofree char *base = g_strdup (name_buf);
      gsize suffix_len = strlen (kinds[kind].suffix);
      gsize stem_len = strlen (base) - suffix_len;

      for (guint n = 1; ; n++)
        {
          if (n < G_N_ELEMENTS (ordinals))
            g_snprintf (name_buf, name_len, "%.*s%s%s",
                        (int) stem_len, base, ordinals[n], kinds[kind].suffix);
          else
            g_snprintf (name_buf, name_len, "%.*s第%u%s",
                        (int) stem_len, base, n + 1, kinds[kind].suffix);
          if (!g_hash_table_contains (names, name_buf))
            break;
        }
    }
  g_hash_table_add (names, g_strdup (name_buf));

  g_snprintf (address_buf, address_len, "上海市%s%s%u号%s",
              district->name,
              district->roads[rng_below (&rng, G_N_ELEMENTS (district->roads))],
              1 + rng_below (&rng, 1800),
              rng_chance (&rng, 40) ? "" : PICK (&rng, buildings));

  /* Shanghai landlines: 8 digits starting 3, 5 or 6 (and 2 in the centre) */
  g_snprintf (phone_buf, phone_len, "021-%c%07u",
              "2356"[rng_below (&rng, 4)], rng_below (&rng, 10000000));

  make_credit_code (&rng, district, kinds[kind].company, index, code_buf);
  g_snprintf (id_buf, id_len, "inst-%06u", index + 1);

  profile->accredited = 0;
  if (rng_chance (&rng, kinds[kind].accredit_pct))
    {
      /* Most accredited labs hold CMA; many also CNAS; a few only CNAS */
      guint r = rng_below (&rng, 10);

      profile->accredited = r < 4 ? 1 : r < 9 ? 3 : 2;
    }
  if (profile->accredited & 1)
    accreditations[n_accreditations++] = "CMA";
  if (profile->accredited & 2)
    accreditations[n_accreditations++] = "CNAS";
  accreditations[n_accreditations] = NULL;

  profile->categories = kinds[kind].categories;
  profile->kind = kind;
  profile->field = field;

  out->id = id_buf;
  out->name = name_buf;
  out->credit_code = code_buf;
  out->district = district->name;
  out->address = address_buf;
  out->phone = phone_buf;
  out->accreditations = accreditations;
  out->accepts_vouchers = rng_chance (&rng, 95);
}

/* ---- Services ---------------------------------------------------------- */

typedef struct {
  const char * const *titles;
  guint               n_titles;
  const char * const *qualifiers;   /* "" means none */
  guint               n_qualifiers;
  const char * const *units;
  guint               n_units;
  gint64              min_yuan;
  gint64              max_yuan;
  guint               negotiable_pct;
  const char * const *descriptions; /* printf: title, field */
  guint               n_descriptions;
} CategoryParts;

static const char * const testing_titles[] = {
  "材料成分分析", "电磁兼容测试", "金属材料力学性能测试", "药物毒理学评价", "环境可靠性试验",
  "食品安全检测", "水质检测", "土壤重金属检测", "室内空气质量检测", "高分子材料热性能分析",
  "电气安全测试", "无线射频性能测试", "盐雾腐蚀试验", "振动冲击试验", "医疗器械生物相容性评价",
  "纺织品理化性能检测", "化妆品安全性评价", "软件产品质量测评", "失效分析", "光学性能测试",
  "锂电池安全性能测试", "有害物质（RoHS）检测", "微生物限度检查", "元素含量测定",
};
static const char * const testing_qualifiers[] = {
  "", "", "", "（常规）", "（加急）", "（依据国家标准）", "（依据行业标准）", "（出具CMA报告）",
  "（出具CNAS报告）", "（企业送样）", "（上门采样）",
};
static const char * const testing_units[] = { "样品", "样品", "样品", "批次", "项" };
static const char * const testing_descriptions[] = {
  "依据国家及行业标准开展%s，面向%s领域企业，常规周期5至7个工作日，出具正式检测报告。",
  "具备%s能力，服务%s领域中小企业研发与质量控制，可提供检测方案咨询。",
  "%s：设备齐全、方法成熟，%s领域样品可加急处理，报告可用于产品认证。",
};

static const char * const joint_rnd_titles[] = {
  "新材料联合研发", "新药候选化合物联合研发", "生产工艺优化合作研发", "关键零部件国产化合作研发",
  "生物制剂工艺联合开发", "动力电池材料合作研发", "智能算法模型联合研发", "环保治理技术合作研发",
  "传感器芯片联合研发", "精密加工工艺合作研发", "功能涂层材料联合研发", "医学影像算法合作研发",
};
static const char * const joint_rnd_qualifiers[] = { "", "", "（一期）", "（中试阶段）", "（小试阶段）", "（含知识产权分享）" };
static const char * const joint_rnd_units[] = { "项" };
static const char * const joint_rnd_descriptions[] = {
  "与企业共同组建项目团队开展%s，发挥本单位在%s领域的积累，成果按合同约定共享。",
  "%s：针对企业技术难点，联合攻关，提供实验条件与研究人员，适合%s领域成长型企业。",
};

static const char * const commissioned_dev_titles[] = {
  "嵌入式软件开发", "工业控制系统开发", "移动应用开发", "工业软件定制开发", "物联网平台开发",
  "机器视觉系统开发", "数据分析平台开发", "专用测试设备开发", "自动化产线控制程序开发",
  "医疗器械软件开发", "智能硬件原型开发", "上位机监控软件开发",
};
static const char * const commissioned_dev_qualifiers[] = { "", "", "（标准版）", "（定制）", "（含一年维护）", "（含源代码交付）" };
static const char * const commissioned_dev_units[] = { "项", "项", "人天" };
static const char * const commissioned_dev_descriptions[] = {
  "受企业委托开展%s，按需求规格交付并提供验收测试，团队长期服务%s领域客户。",
  "%s：需求分析、设计、实现与测试全流程，交付文档齐全，熟悉%s行业规范。",
};

static const char * const rnd_design_titles[] = {
  "工业设计", "结构设计", "集成电路版图设计", "产品外观设计", "电路板设计", "模具设计",
  "产品原型设计", "用户体验设计", "光学系统设计", "包装设计", "芯片验证", "仿真分析",
};
static const char * const rnd_design_qualifiers[] = { "", "", "（方案阶段）", "（含样机）", "（含三维建模）", "（全流程）" };
static const char * const rnd_design_units[] = { "项", "项", "人天" };
static const char * const rnd_design_descriptions[] = {
  "提供%s服务，从概念方案到可制造设计，熟悉%s领域产品要求。",
  "%s：设计团队经验丰富，可配合企业完成%s产品的迭代与定型。",
};

static const char * const tech_solution_titles[] = {
  "生产工艺改进方案", "节能降耗技术方案", "数字化转型咨询", "质量管理体系诊断", "知识产权布局分析",
  "技术可行性论证", "产线自动化改造方案", "检测方法开发与验证", "标准制定咨询", "失效原因分析与改进",
};
static const char * const tech_solution_qualifiers[] = { "", "", "（现场诊断）", "（含实施指导）", "（快速评估）" };
static const char * const tech_solution_units[] = { "项", "项", "人天" };
static const char * const tech_solution_descriptions[] = {
  "针对企业实际问题提供%s，专家团队深耕%s领域，出具书面报告与实施建议。",
  "%s：调研、分析、方案、跟踪四步服务，帮助%s企业降本增效。",
};

static const char * const instrument_titles[] = {
  "扫描电镜机时", "透射电镜机时", "核磁共振波谱仪机时", "X射线衍射仪机时", "液相色谱-质谱联用仪机时",
  "气相色谱-质谱联用仪机时", "电感耦合等离子体质谱仪机时", "原子力显微镜机时", "激光共聚焦显微镜机时",
  "流式细胞仪机时", "X射线光电子能谱仪机时", "冷冻电镜机时", "高分辨质谱仪机时", "超级计算机时",
};
static const char * const instrument_qualifiers[] = {
  "", "", "（场发射）", "（含制样）", "（自主上机）", "（代测）", "（夜间时段）", "（含数据分析）",
};
static const char * const instrument_units[] = { "机时", "机时", "机时", "样品" };
static const char * const instrument_descriptions[] = {
  "大型科学仪器开放共享：%s，经培训可自主上机，也可由工程师代测，服务%s领域用户。",
  "%s，仪器状态良好，提供预约、制样与数据解读，优先保障%s领域中小企业。",
};

#define PARTS(name, lo, hi, neg) \
  { name##_titles, G_N_ELEMENTS (name##_titles), name##_qualifiers, G_N_ELEMENTS (name##_qualifiers), \
    name##_units, G_N_ELEMENTS (name##_units), lo, hi, neg, \
    name##_descriptions, G_N_ELEMENTS (name##_descriptions) }

/* Price ranges in yuan, per unit of the category's usual kind */
static const CategoryParts category_parts[N_CATEGORIES] = {
  PARTS (testing,          200,    20000,   8),
  PARTS (joint_rnd,        100000, 2000000, 40),
  PARTS (commissioned_dev, 30000,  500000,  20),
  PARTS (rnd_design,       5000,   200000,  15),
  PARTS (tech_solution,    10000,  300000,  20),
  PARTS (instrument,       200,    3000,    5),
};

/* The description templates are data, not formats: "%s" is replaced by
 * the title, then the field, in order. */
static void
fill_template (char       *buf,
               gsize       len,
               const char *template,
               const char *first,
               const char *second)
{
  const char *args[2] = { first, second };
  guint next = 0;
  gsize used = 0;

  buf[0] = '\0';
  for (const char *p = template; *p != '\0'; p++)
    {
      const char *piece;
      gsize piece_len;

      if (p[0] == '%' && p[1] == 's' && next < 2)
        {
          piece = args[next++];
          piece_len = strlen (piece);
          p++;
        }
      else
        {
          piece = p;
          piece_len = 1;
        }
      if (used + piece_len + 1 > len)
        break;
      memcpy (buf + used, piece, piece_len);
      used += piece_len;
      buf[used] = '\0';
    }
}

/* Round a price so it looks like a price list: ¥380, ¥4,500, ¥86,000 */
static gint64
round_yuan (gint64 yuan)
{
  gint64 step = yuan < 1000 ? 10 : yuan < 10000 ? 100 : yuan < 100000 ? 1000 : 10000;

  return MAX (step, (yuan + step / 2) / step * step);
}

static void
make_service (guint32                   seed,
              guint                     index,
              guint                     n_institutions,
              const InstitutionProfile *profiles,
              VsSeedService            *out,
              char                     *id_buf,
              gsize                     id_len,
              char                     *inst_buf,
              gsize                     inst_len,
              char                     *title_buf,
              gsize                     title_len,
              char                     *desc_buf,
              gsize                     desc_len)
{
  Rng rng;
  guint inst;
  guint offered[N_CATEGORIES];
  guint n_offered = 0;
  guint category;
  const CategoryParts *parts;
  const char *base_title;
  const char *unit;
  gint64 yuan;

  rng_init (&rng, seed, 2, index);
  inst = rng_below (&rng, n_institutions);
  for (guint c = 0; c < N_CATEGORIES; c++)
    if (profiles[inst].categories & BIT (c))
      offered[n_offered++] = c;
  category = offered[rng_below (&rng, n_offered)];
  parts = &category_parts[category];

  g_snprintf (id_buf, id_len, "svc-%07u", index + 1);
  g_snprintf (inst_buf, inst_len, "inst-%06u", inst + 1);
  base_title = parts->titles[rng_below (&rng, parts->n_titles)];
  g_snprintf (title_buf, title_len, "%s%s",
              base_title, parts->qualifiers[rng_below (&rng, parts->n_qualifiers)]);
  fill_template (desc_buf, desc_len,
                 parts->descriptions[rng_below (&rng, parts->n_descriptions)],
                 base_title, fields[profiles[inst].field]);

  unit = parts->units[rng_below (&rng, parts->n_units)];
  /* A day's work is priced by the day, not by the project */
  if (strcmp (unit, "人天") == 0)
    yuan = 1500 + rng_below (&rng, 3500);
  else
    {
      /* Skewed towards the low end, as real price lists are */
      guint32 a = rng_below (&rng, 1000), b = rng_below (&rng, 1000);
      gint64 span = parts->max_yuan - parts->min_yuan;

      yuan = parts->min_yuan + span * (gint64) MIN (a, b) / 1000;
    }

  out->id = id_buf;
  out->institution_id = inst_buf;
  out->category = category_codes[category];
  out->title = title_buf;
  out->description = desc_buf;
  out->unit = unit;
  if (rng_chance (&rng, parts->negotiable_pct))
    {
      out->price_fen = -1;
      out->price_note = "面议";
    }
  else
    {
      out->price_fen = round_yuan (yuan) * 100;
      out->price_note = NULL;
    }
}

void
vs_demo_catalog_generate (guint                 n_institutions,
                          guint                 n_services,
                          guint32               seed,
                          VsSeedInstitutionFunc institution_func,
                          VsSeedServiceFunc     service_func,
                          gpointer              user_data)
{
  g_autoptr(GHashTable) names = NULL;
  g_autofree InstitutionProfile *profiles = NULL;

  g_return_if_fail (n_institutions > 0 || n_services == 0);

  names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  profiles = g_new0 (InstitutionProfile, MAX (n_institutions, 1));

  for (guint i = 0; i < n_institutions; i++)
    {
      VsSeedInstitution inst = { 0 };
      char name[256], address[256], phone[32], code[19], id[32];
      const char *accreditations[3];

      make_institution (seed, i, names, &profiles[i], &inst,
                        name, sizeof name, address, sizeof address,
                        phone, sizeof phone, code, id, sizeof id,
                        accreditations);
      if (institution_func != NULL)
        institution_func (&inst, user_data);
    }

  for (guint i = 0; i < n_services; i++)
    {
      VsSeedService svc = { 0 };
      char id[32], inst_id[32], title[256], description[1024];

      make_service (seed, i, n_institutions, profiles, &svc,
                    id, sizeof id, inst_id, sizeof inst_id,
                    title, sizeof title, description, sizeof description);
      if (service_func != NULL)
        service_func (&svc, user_data);
    }
}
