/// The commands that stand for one symbol, by the MathML element they become.
enum TeXSymbols {
    static let greek: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ",
        "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
        "xi": "ξ", "omicron": "ο", "pi": "π", "varpi": "ϖ", "rho": "ρ", "varrho": "ϱ", "sigma": "σ", "varsigma": "ς",
        "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    ]

    /// Capital Greek letters are upright in TeX, unlike lowercase ones.
    static let capitalGreek: [String: String] = [
        "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π", "Sigma": "Σ",
        "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    ]

    /// Symbols that behave like letters (TeX's ordinary atoms).
    static let ordinary: [String: String] = [
        "infty": "∞", "partial": "∂", "nabla": "∇", "ell": "ℓ", "hbar": "ℏ", "emptyset": "∅", "varnothing": "∅",
        "Re": "ℜ", "Im": "ℑ", "aleph": "ℵ", "top": "⊤", "bot": "⊥", "angle": "∠", "triangle": "△",
    ]

    static let operators: [String: String] = [
        "cdot": "⋅", "times": "×", "pm": "±", "mp": "∓", "div": "÷", "ast": "∗", "star": "⋆", "circ": "∘",
        "bullet": "∙", "oplus": "⊕", "otimes": "⊗", "odot": "⊙", "cup": "∪", "cap": "∩", "setminus": "∖",
        "wedge": "∧", "land": "∧", "vee": "∨", "lor": "∨", "neg": "¬", "lnot": "¬",
        "leq": "≤", "le": "≤", "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼",
        "simeq": "≃", "cong": "≅", "equiv": "≡", "propto": "∝", "ll": "≪", "gg": "≫", "lt": "<", "gt": ">",
        "in": "∈", "notin": "∉", "ni": "∋", "subset": "⊂", "subseteq": "⊆", "supset": "⊃", "supseteq": "⊇",
        "perp": "⊥", "parallel": "∥", "mid": "∣", "models": "⊨", "vdash": "⊢",
        "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "leftrightarrow": "↔", "Rightarrow": "⇒",
        "Leftarrow": "⇐", "Leftrightarrow": "⇔", "implies": "⟹", "impliedby": "⟸", "iff": "⟺", "mapsto": "↦",
        "longrightarrow": "⟶", "longmapsto": "⟼", "uparrow": "↑", "downarrow": "↓",
        "forall": "∀", "exists": "∃", "nexists": "∄", "ldots": "…", "dots": "…", "cdots": "⋯", "vdots": "⋮",
        "ddots": "⋱", "prime": "′", "colon": ":", "langle": "⟨", "rangle": "⟩", "lceil": "⌈", "rceil": "⌉",
        "lfloor": "⌊", "rfloor": "⌋", "lbrace": "{", "rbrace": "}", "vert": "|", "Vert": "‖", "|": "‖",
        "{": "{", "}": "}", "%": "%", "#": "#", "&": "&", "$": "$", "_": "_",
    ]

    /// Large operators whose limits go under and over in display style.
    static let bigOperatorsWithLimits: [String: String] = [
        "sum": "∑", "prod": "∏", "coprod": "∐", "bigcup": "⋃", "bigcap": "⋂", "bigoplus": "⨁", "bigotimes": "⨂",
        "bigvee": "⋁", "bigwedge": "⋀",
    ]

    /// Integrals keep their limits as scripts beside the sign.
    static let integrals: [String: String] = ["int": "∫", "iint": "∬", "iiint": "∭", "oint": "∮"]

    /// Function names set upright; the `limits` ones take limits under them in display style.
    static let functions: Set<String> = [
        "sin", "cos", "tan", "cot", "sec", "csc", "sinh", "cosh", "tanh", "coth", "arcsin", "arccos", "arctan",
        "log", "ln", "lg", "exp", "arg", "deg", "dim", "ker", "hom",
    ]
    static let functionsWithLimits: Set<String> = [
        "max", "min", "lim", "sup", "inf", "det", "Pr", "gcd", "liminf", "limsup",
    ]

    /// Horizontal spaces in em.
    static let spaces: [String: String] = [
        "quad": "1em", "qquad": "2em", ",": "0.1667em", "thinspace": "0.1667em", ":": "0.2222em",
        ">": "0.2222em", "medspace": "0.2222em", ";": "0.2778em", "thickspace": "0.2778em", "!": "-0.1667em",
        "negthinspace": "-0.1667em", " ": "0.25em", "enspace": "0.5em",
    ]

    /// Accents: the mark and whether it stretches over its whole base.
    static let accents: [String: (mark: String, over: Bool, stretchy: Bool)] = [
        "hat": ("^", true, false), "widehat": ("^", true, true), "bar": ("¯", true, false),
"vec": ("→", true, false), "overrightarrow": ("→", true, true),
        "tilde": ("~", true, false), "widetilde": ("~", true, true), "dot": ("˙", true, false),
        "ddot": ("¨", true, false),
    ]

    /// Characters that are operators when typed directly; `-` becomes a real minus sign.
    static let operatorCharacters: [Character: String] = [
        "+": "+", "-": "−", "=": "=", "<": "<", ">": ">", ",": ",", ";": ";", ":": ":", "!": "!", "?": "?",
        "(": "(", ")": ")", "[": "[", "]": "]", "|": "|", "/": "/", "*": "∗", ".": ".", "'": "′", "@": "@",
    ]

    /// Delimiters allowed after `\left`, `\right` and `\middle` (`.` means none).
    static func delimiter(_ name: String) -> String? {
        switch name {
        case "(", ")", "[", "]", "|", "/": return name
        case "\\{", "\\lbrace": return "{"
        case "\\}", "\\rbrace": return "}"
        case "\\|", "\\Vert": return "‖"
        case "\\vert": return "|"
        case "\\langle": return "⟨"
        case "\\rangle": return "⟩"
        case "\\lfloor": return "⌊"
        case "\\rfloor": return "⌋"
        case "\\lceil": return "⌈"
        case "\\rceil": return "⌉"
        case ".": return ""
        default: return nil
        }
    }
}
