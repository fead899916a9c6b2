import ArgumentParser
import Foundation
import GongkaiKit

extension ScaffoldKind: ExpressibleByArgument {}

struct New: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "新建一篇文件：自动编写索引号、发布日期和本栏目要求的字段。",
        discussion: """
            例如：
              gongkai new --category zcwj.gfxwj --title "示例市人民政府办公室关于……的通知"
              gongkai new --kind interpretation --category zcjd.wzjd --interprets 11999900MB0000001X/2025-00012
            留空的字段（如发文字号、成文日期）和正文中的“【待填写】”在填写前都会被 gongkai check 报告为错误。
            不会覆盖已有文件。
            """)

    @OptionGroup var contentOptions: ContentOptions

    @Option(help: ArgumentHelp("所属栏目，用目录中的路径表示，如 zcwj.gfxwj。", valueName: "栏目"))
    var category: String

    @Option(help: "标题。政策解读可不写，默认为“《被解读文件名》解读”。")
    var title: String?

    @Option(help: "文件类型：document（一般文件，默认）或 interpretation（政策解读）。")
    var kind: ScaffoldKind = .document

    @Option(help: ArgumentHelp("被解读文件的索引号（新建政策解读时必填）。", valueName: "索引号"))
    var interprets: String?

    @Option(help: "发文机关，默认为 catalogue.yaml 中的 site.agency；索引号的机构代码随之确定。")
    var issuer: String?

    @Option(help: ArgumentHelp("写入的文件路径，默认为 <内容目录>/<栏目目录>/<年份-流水号>.md。", valueName: "路径"))
    var file: String?

    func run() throws {
        let request = ScaffoldRequest(
            category: category, title: title, kind: kind, interprets: interprets, issuer: issuer,
            today: try contentOptions.buildDate(), file: file)
        let plan: ScaffoldPlan
        do {
            plan = try Scaffold.plan(request, contentFolder: contentOptions.content)
            try Scaffold.write(plan)
        } catch let error as ScaffoldError {
            FileHandle.standardError.write(Data("错误：\(error.description)\n".utf8))
            throw ExitCode(Exit.usage)
        }
        FileHandle.standardOutput.write(Data("\(plan.path)\n".utf8))
        FileHandle.standardError.write(Data("""
            已新建 \(plan.path)（索引号 \(plan.indexNo)）。
            请填写文件头中留空的字段和正文，然后运行 gongkai check 检查，或用 gongkai serve 预览。

            """.utf8))
    }
}
