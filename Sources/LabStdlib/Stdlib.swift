import LabLanguage
import TensorCore
import LabReport
