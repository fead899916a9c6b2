import ArgumentParser
import Foundation

/// Writes a synthetic portal in the v1 content format for benchmarks and tests: catalogue.yaml and
/// N Markdown documents of made-up but plausible Chinese government text (word lists and templates
/// written for gongkai, not copied documents), with interpretations, revision chains, repealed and
/// expired texts, tables, and 发文字号 cited in the body with bracket variants and fullwidth digits.
/// The same seed always gives the same files.
struct Corpus: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "gongkai-corpus", abstract: "生成用于基准测试的示例内容。")

    @Option(help: "文件数量。") var documents = 1000
    @Option(help: "随机种子（相同种子生成相同内容）。") var seed: UInt64 = 1
    @Option(help: "输出目录（内容目录，将被覆盖）。") var output = "corpus"

    func run() throws {
        var generator = CorpusGenerator(seed: seed)
        let files = generator.generate(documents)
        let fm = FileManager.default
        try? fm.removeItem(atPath: output)
        var folders: Set<String> = []
        for (path, text) in files {
            let url = URL(fileURLWithPath: output).appendingPathComponent(path)
            let folder = url.deletingLastPathComponent().path
            if folders.insert(folder).inserted { try fm.createDirectory(atPath: folder, withIntermediateDirectories: true) }
            try Data(text.utf8).write(to: url)
        }
        FileHandle.standardError.write(Data("已生成 \(output)/：\(documents) 篇文件。\n".utf8))
    }
}

struct SplitMix {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    mutating func int(_ n: Int) -> Int { Int(next() % UInt64(n)) }
    mutating func pick<T>(_ a: [T]) -> T { a[int(a.count)] }
    mutating func chance(_ percent: Int) -> Bool { int(100) < percent }
}

struct Issuer { var name: String; var abbreviation: String }

struct CorpusGenerator {
    var rng: SplitMix
    init(seed: UInt64) { rng = SplitMix(state: seed &* 0x2545_F491_4F6C_DD1D &+ 1) }

    static let city = "示例市"
    static let issuers: [Issuer] = [
        ("人民政府", "示政发"), ("人民政府办公室", "示政办发"), ("发展和改革委员会", "示发改"), ("教育局", "示教发"),
        ("科学技术局", "示科发"), ("工业和信息化局", "示工信发"), ("公安局", "示公发"), ("民政局", "示民发"),
        ("司法局", "示司发"), ("财政局", "示财预"), ("人力资源和社会保障局", "示人社规"), ("自然资源和规划局", "示自然资规"),
        ("生态环境局", "示环发"), ("住房和城乡建设局", "示建发"), ("交通运输局", "示交发"), ("水利局", "示水发"),
        ("农业农村局", "示农发"), ("商务局", "示商务发"), ("文化和旅游局", "示文旅发"), ("卫生健康委员会", "示卫健发"),
        ("应急管理局", "示应急发"), ("审计局", "示审发"), ("市场监督管理局", "示市监规"), ("统计局", "示统发"),
        ("医疗保障局", "示医保发"), ("城市管理局", "示城管发"), ("行政审批服务局", "示审批发"), ("大数据局", "示数据发"),
    ].map { Issuer(name: city + $0.0, abbreviation: $0.1) }

    static let subjects = [
        "政务公开", "营商环境", "以旧换新", "数据共享", "安全生产", "乡村振兴", "养老服务", "公共资源交易", "城市更新",
        "老旧小区改造", "义务教育", "职业技能培训", "就业创业补贴", "医疗保障", "食品安全", "生态环境保护", "河湖长制",
        "耕地保护", "高标准农田建设", "数字政府", "一网通办", "12345热线", "信用体系建设", "科技创新", "人才引进",
        "中小企业发展", "消费提振", "文旅融合", "交通综合治理", "住房保障", "物业管理", "垃圾分类", "燃气安全",
        "防汛抗旱", "森林防火", "应急救援", "社区治理", "慈善事业", "残疾人就业", "托育服务", "婴幼儿照护",
        "公共文化服务", "全民健身", "法治政府建设", "行政复议", "审计整改", "统计调查", "招标投标", "政府采购",
        "预算绩效管理", "国有资产管理", "地方政府债务", "税费优惠", "首贷续贷", "知识产权保护", "外贸稳增长",
        "新能源汽车推广", "充电基础设施", "节能降碳", "大气污染防治", "水污染防治", "土壤污染防治", "危险废物管理",
    ]
    static let actions = ["印发", "进一步加强", "做好", "推进", "深化", "规范", "加快推进", "全面落实", "调整", "开展", "实施", "完善"]
    static let kinds = ["通知", "实施意见", "管理办法", "实施方案", "若干措施", "工作要点", "决定", "指导意见", "实施细则", "公告"]
    static let verbs = ["加强", "完善", "健全", "落实", "推进", "优化", "规范", "强化", "提升", "保障", "统筹", "深化", "创新", "支持", "引导"]
    static let objects = [
        "组织领导", "工作机制", "监督检查", "资金管理", "信息公开", "服务水平", "风险防控", "责任落实", "考核评价",
        "部门协同", "数据归集", "宣传引导", "队伍建设", "标准体系", "政策供给", "基层治理", "要素保障", "审批流程",
        "事中事后监管", "政务服务", "绩效评价", "应急处置", "隐患排查", "协调联动", "培训指导", "档案管理",
    ]
    static let actors = ["各区县人民政府", "市直各部门", "各乡镇人民政府、街道办事处", "有关单位", "各级财政部门", "行业主管部门", "各相关企业"]
    static let tails = ["确保各项任务落到实处", "切实提高工作实效", "形成工作合力", "为全市高质量发展提供有力支撑", "不断增强人民群众获得感",
                        "按季度报送工作进展", "及时研究解决重大问题", "依法依规有序推进", "做到应公开尽公开", "防止出现推诿扯皮"]
    static let numerals = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二", "十三", "十四", "十五"]
    static let topics = ["综合政务", "国民经济管理", "财政金融审计", "城乡建设", "农业农村", "工业交通", "商贸海关旅游",
                         "科技教育", "文化广电", "卫生健康", "劳动就业", "民政扶贫", "公安安全司法", "国土资源能源", "环境保护", "市场监管"]
    /// Characters for place, company and project names (common characters, for varied bigrams).
    static let nameChars = Array("安宁和平兴华东西南北中新城港湾山河湖海林泉石桥台阁庄园镇乡村街道路园区凤凰龙泰康富丰盛祥瑞德昌隆源宏达鑫嘉恒信诚明光辉阳春秋冬夏金银铜玉翠青红白绿蓝紫松柏梅兰竹菊云霞星月天地人文武义礼智勇博远鸿鹏飞腾跃升晨曦朝晖锦绣江淮吴越齐鲁燕赵秦晋楚蜀滇黔湘赣闽粤桂琼辽吉黑津沪渝")
    static let units = ["科技有限公司", "建设工程有限公司", "农业专业合作社", "商贸有限公司", "物业服务有限公司", "医药连锁有限公司", "环保科技股份有限公司"]

    struct Generated { var indexNo: String; var category: String; var issuer: Issuer; var docNo: String?; var title: String; var published: String; var year: Int }

    mutating func name(_ length: Int) -> String { String((0..<length).map { _ in rng.pick(Self.nameChars) }) }

    mutating func docNoCitation(_ year: Int) -> String {
        let issuer = rng.pick(Self.issuers)
        let brackets = [("〔", "〕"), ("[", "]"), ("【", "】"), ("（", "）"), ("〔", "〕"), ("〔", "〕")]
        let (open, close) = rng.pick(brackets)
        var y = String(year - rng.int(3)), n = String(1 + rng.int(60))
        if rng.chance(25) { y = Self.fullwidth(y); n = Self.fullwidth(n) }
        return issuer.abbreviation + open + y + close + n + "号"
    }

    static func fullwidth(_ s: String) -> String {
        String(String.UnicodeScalarView(s.unicodeScalars.map { $0.value >= 0x30 && $0.value <= 0x39 ? Unicode.Scalar($0.value + 0xFEE0)! : $0 }))
    }

    mutating func sentence(_ subject: String, year: Int) -> String {
        var s = ""
        switch rng.int(7) {
        case 0: s = "\(rng.pick(Self.actors))要\(rng.pick(Self.verbs))\(subject)\(rng.pick(Self.objects))，\(rng.pick(Self.verbs))\(rng.pick(Self.objects))，\(rng.pick(Self.tails))。"
        case 1: s = "到\(year + 1 + rng.int(4))年，全市\(subject)\(rng.pick(Self.objects))达到\(10 + rng.int(90))%以上，新增\(name(2))\(rng.pick(["示范点", "服务站", "项目", "基地"]))\(1 + rng.int(200))个。"
        case 2: s = "根据《\(Self.city)\(rng.pick(Self.subjects))\(rng.pick(Self.kinds))》（\(docNoCitation(year))）有关规定，\(rng.pick(Self.verbs))\(rng.pick(Self.objects))。"
        case 3: s = "对\(name(2))\(rng.pick(Self.units))等\(2 + rng.int(30))家单位给予补助，资金总额\(rng.int(900) + 100).\(rng.int(100))万元，由\(rng.pick(Self.issuers).name)负责审核。"
        case 4: s = "\(rng.pick(Self.issuers).name)牵头，\(rng.pick(Self.issuers).name)配合，\(rng.pick(Self.verbs))\(subject)工作中的\(rng.pick(Self.objects))，\(rng.pick(Self.tails))。"
        case 5: s = "申请人可通过\(Self.city)政务服务网或\(name(2))区政务服务中心窗口办理，承诺办结时限为\(1 + rng.int(20))个工作日。"
        default: s = "\(rng.pick(Self.verbs))\(rng.pick(Self.objects))和\(rng.pick(Self.objects))，坚持问题导向，\(rng.pick(Self.tails))。"
        }
        return s
    }

    mutating func body(_ subject: String, kind: String, year: Int, issuer: Issuer) -> String {
        var out = "\(rng.pick(Self.actors))：\n\n"
        out += "为\(rng.pick(Self.verbs))\(subject)工作，根据有关法律法规和政策规定，结合本市实际，制定本\(kind.hasSuffix("通知") ? "通知" : kind)。\n\n"
        let chapters = 1 + rng.int(4)
        var article = 0
        for c in 0..<chapters {
            out += "## 第\(Self.numerals[c])章　\(rng.pick(["总则", "主要任务", "保障措施", "职责分工", "申报条件", "资金管理", "监督管理", "附则"]))\n\n"
            for _ in 0..<(2 + rng.int(4)) {
                article += 1
                let n = article <= Self.numerals.count ? Self.numerals[article - 1] : String(article)
                out += "第\(n)条　"
                for _ in 0..<(1 + rng.int(3)) { out += sentence(subject, year: year) }
                out += "\n\n"
            }
            if rng.chance(15) {
                out += "| 项目 | 牵头单位 | 完成时限 | 金额（万元） |\n|---|---|---|---|\n"
                for _ in 0..<(2 + rng.int(4)) {
                    out += "| \(name(2))\(rng.pick(Self.subjects))项目 | \(rng.pick(Self.issuers).name) | \(year + rng.int(3))年\(1 + rng.int(12))月 | \(rng.int(5000)) |\n"
                }
                out += "\n"
            }
        }
        if rng.chance(10) { out += "（此件公开发布）\n\n" }
        out += "\(issuer.name)\n\n\(year)年\(1 + rng.int(12))月\(1 + rng.int(28))日\n"
        return out
    }

    static let categories: [(path: String, folder: String, weight: Int)] = [
        ("zcwj.gz", "zcwj/gz", 2), ("zcwj.gfxwj", "zcwj/gfxwj", 14), ("zcwj.qtwj", "zcwj/qtwj", 20),
        ("zdxzjc.jcygk", "zdxzjc/jcygk", 4), ("zdxzjc.jcjg", "zdxzjc/jcjg", 4), ("czxx.ys", "czxx/ys", 5),
        ("czxx.js", "czxx/js", 5), ("rsxx.gwyzl", "rsxx/gwyzl", 6), ("xzzf.xzxk", "xzzf/xzxk", 10),
        ("xzzf.xzcf", "xzzf/xzcf", 10), ("ghxx.fzgh", "ghxx/fzgh", 4),
    ]

    mutating func generate(_ count: Int) -> [(String, String)] {
        var files: [(String, String)] = [("catalogue.yaml", Self.catalogue)]
        var made: [Generated] = []
        var policies: [Int] = []            // indices of gz/gfxwj documents in `made`
        var pendingInterpretation: Int?     // a policy just published: the next document interprets it
        var decreeNumber = 0
        var revised: Set<Int> = []
        var serialByYear: [Int: Int] = [:]
        let firstYear = 2016, years = 11
        let totalWeight = Self.categories.reduce(0) { $0 + $1.weight }
        for i in 0..<count {
            // Chronological: dates rise with i, so revisions and interpretations point backwards.
            let day = i * (years * 360) / max(count, 1)
            var year = firstYear + day / 360
            // Days of the month rise with `day` too (1…28), so that a revision is never published before the text it revises.
            let month = 1 + (day % 360) / 30, dom = 1 + (day % 30) * 28 / 30
            // Policies (规章, 规范性文件) need an interpretation published with them: the next document.
            let target = pendingInterpretation.map { made[$0] }
            pendingInterpretation = nil
            if let target { year = target.year }
            let serial = (serialByYear[year] ?? 0) + 1
            serialByYear[year] = serial
            let indexNo = "11999900MB0000001X/\(year)-\(String(format: "%05d", serial))"
            let published = target?.published ?? String(format: "%04d-%02d-%02d", year, month, dom)
            let interpretation = target != nil
            var category: (path: String, folder: String, weight: Int)
            if interpretation {
                category = ("zcjd.wzjd", "zcjd/wzjd", 0)
            } else {
                var w = rng.int(totalWeight)
                category = Self.categories[0]
                for c in Self.categories { if w < c.weight { category = c; break }; w -= c.weight }
                // A policy needs the next document as its interpretation: the last one cannot be a policy.
                if i == count - 1, category.path == "zcwj.gz" || category.path == "zcwj.gfxwj" {
                    category = ("zcwj.qtwj", "zcwj/qtwj", 0)
                }
            }
            let issuer = rng.pick(Self.issuers)
            let subject = rng.pick(Self.subjects)
            let kind = rng.pick(Self.kinds)
            var fm = "---\n"
            var title: String
            var docNo: String? = nil
            var extra = ""
            var body: String
            if interpretation {
                let target = target!
                title = "《\(target.title)》政策解读"
                extra += "interprets: [\(target.indexNo)]\nform: \(rng.pick(["文字解读", "问答", "专家解读", "图解"]))\nstage: \(rng.pick(["发布", "实施"]))\n"
                body = "## 一、起草背景\n\n\(sentence(subject, year: year))\(sentence(subject, year: year))\n\n## 二、主要内容\n\n"
                for k in 0..<(2 + rng.int(4)) { body += "\(k + 1). \(sentence(subject, year: year))\n" }
                body += "\n## 三、政策咨询\n\n如有疑问，可拨打12345政务服务便民热线咨询。\n"
                files.append(("\(category.folder)/\(year)-\(String(format: "%05d", serial)).md",
                              fm + "title: \(title)\nindex_no: \(indexNo)\ncategory: \(category.path)\nissuer: \(target.issuer.name)\npublished: \(published)\n" + extra + "---\n" + body))
                made.append(Generated(indexNo: indexNo, category: category.path, issuer: target.issuer, docNo: nil, title: title, published: published, year: year))
                continue
            }
            title = "\(issuer.name)关于\(rng.pick(Self.actions))\(subject)\(rng.chance(30) ? rng.pick(Self.objects) : "")的\(kind)"
            if category.path.hasPrefix("zcwj.gz") {
                title = "\(Self.city)\(subject)管理办法"
                decreeNumber += 1
                docNo = "\(Self.city)人民政府令第\(decreeNumber)号"
            } else if category.path.hasPrefix("zcwj.gfxwj") || rng.chance(50) {
                docNo = "\(issuer.abbreviation)〔\(year)〕\(serial)号"
            }
            fm += "title: \(title)\nindex_no: \(indexNo)\ncategory: \(category.path)\nissuer: \(issuer.name)\n"
            if let docNo { fm += "doc_no: \(docNo)\n" }
            let written = String(format: "%04d-%02d-%02d", year, month, max(1, dom - rng.int(5)))
            fm += "written: \(written)\npublished: \(published)\n"
            fm += "topics: [\(rng.pick(Self.topics))\(rng.chance(40) ? ", " + rng.pick(Self.topics) : "")]\n"
            let isPolicy = category.path == "zcwj.gfxwj" || category.path == "zcwj.gz"
            if isPolicy, rng.chance(8), let older = policies.last(where: { !revised.contains($0) && made[$0].category == category.path }) {
                revised.insert(older)
                fm += "revises: \(made[older].indexNo)\n"
            } else if rng.chance(3) {
                fm += "status: repealed\n"
            } else if rng.chance(3) {
                fm += "status: expired\n"
            }
            body = self.body(subject, kind: kind, year: year, issuer: issuer)
            files.append(("\(category.folder)/\(year)-\(String(format: "%05d", serial)).md", fm + "---\n" + body))
            if isPolicy { policies.append(made.count); pendingInterpretation = made.count }
            made.append(Generated(indexNo: indexNo, category: category.path, issuer: issuer, docNo: docNo, title: title, published: published, year: year))
        }
        return files
    }

    static let catalogue = """
        site:
          title: 示例市人民政府信息公开（基准测试）
          base_url: https://www.example.gov.cn/
          agency: 示例市人民政府办公室
          page_size: 20
        catalogue:
          - id: zcwj
            name: 政策文件
            children:
              - id: gz
                name: 政府规章
                requires: [issuer, doc_no, written]
                interpretation: required
              - id: gfxwj
                name: 行政规范性文件
                requires: [issuer, doc_no, written]
                interpretation: required
              - id: qtwj
                name: 其他文件
                requires: [issuer, written]
          - id: zcjd
            name: 政策解读
            requires: [issuer]
            children:
              - id: wzjd
                name: 文字解读
          - id: zdxzjc
            name: 重大行政决策
            children:
              - id: jcygk
                name: 决策预公开
              - id: jcjg
                name: 决策结果
          - id: czxx
            name: 财政信息
            children:
              - id: ys
                name: 预算
              - id: js
                name: 决算
          - id: rsxx
            name: 人事信息
            children:
              - id: gwyzl
                name: 公务员招录
          - id: xzzf
            name: 行政执法
            children:
              - id: xzxk
                name: 行政许可
              - id: xzcf
                name: 行政处罚
          - id: ghxx
            name: 规划信息
            children:
              - id: fzgh
                name: 发展规划

        """
}

Corpus.main()
