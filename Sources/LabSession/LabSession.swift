import LabMarkdown
import LabLanguage
import LabStdlib
import LabReport
