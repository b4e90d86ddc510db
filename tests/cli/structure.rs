//! The PDFs' accessibility and archiving structure, checked with an
//! independent reader (lopdf): tagged and marked, `/Lang` sv, the title in
//! the XMP metadata and shown as the window title, PDF/A and PDF/UA claims
//! matching the chosen standard, every font embedded, every figure with a
//! text alternative, table header cells as TH.

use std::path::Path;

use lopdf::{Dictionary, Document, Object};

use crate::util::{root, run_in, stderr, tempdir};

fn build(input: &str, out: &Path, standard: &str) -> Vec<u8> {
    let o = run_in(&root(), &["bygg", input, "--bara-pdf", "--pdf-standard", standard, "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{input}: {}", stderr(&o));
    let stem = Path::new(input).file_stem().unwrap().to_str().unwrap();
    std::fs::read(out.join(format!("{stem}.pdf"))).unwrap()
}

fn name<'a>(d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    d.get(key).ok().and_then(|o| o.as_name().ok())
}

fn resolve<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(o),
        other => other,
    }
}

struct Findings {
    xmp: String,
    struct_types: Vec<String>,
    figures_without_alt: usize,
    figures: usize,
    fonts_without_file: Vec<String>,
    fonts: usize,
}

fn inspect(bytes: &[u8]) -> (Document, Findings) {
    let doc = Document::load_mem(bytes).expect("lopdf reads the PDF");
    let mut f = Findings {
        xmp: String::new(),
        struct_types: Vec::new(),
        figures_without_alt: 0,
        figures: 0,
        fonts_without_file: Vec::new(),
        fonts: 0,
    };
    for object in doc.objects.values() {
        let dict = match object {
            Object::Dictionary(d) => d,
            Object::Stream(s) => {
                if name(&s.dict, b"Type") == Some(b"Metadata") {
                    let content = s.decompressed_content().unwrap_or_else(|_| s.content.clone());
                    f.xmp.push_str(&String::from_utf8_lossy(&content));
                }
                continue;
            }
            _ => continue,
        };
        if (name(dict, b"Type") == Some(b"StructElem") || (dict.has(b"S") && dict.has(b"P")))
            && let Some(s) = name(dict, b"S")
        {
            {
                let s = String::from_utf8_lossy(s).to_string();
                if s == "Figure" {
                    f.figures += 1;
                    if !dict.has(b"Alt") {
                        f.figures_without_alt += 1;
                    }
                }
                f.struct_types.push(s);
            }
        }
        if name(dict, b"Type") == Some(b"FontDescriptor") {
            f.fonts += 1;
            if !(dict.has(b"FontFile") || dict.has(b"FontFile2") || dict.has(b"FontFile3")) {
                let n = name(dict, b"FontName").map(|n| String::from_utf8_lossy(n).to_string()).unwrap_or_default();
                f.fonts_without_file.push(n);
            }
        }
    }
    (doc, f)
}

fn check_accessible(input: &str, bytes: &[u8], title: &str, tables: bool, figures: bool) {
    let (doc, f) = inspect(bytes);
    let catalog = doc.catalog().expect("a catalog");
    assert!(catalog.has(b"StructTreeRoot"), "{input}: no StructTreeRoot");
    let mark = resolve(&doc, catalog.get(b"MarkInfo").expect("MarkInfo")).as_dict().unwrap();
    assert!(mark.get(b"Marked").unwrap().as_bool().unwrap(), "{input}: not marked");
    let lang = resolve(&doc, catalog.get(b"Lang").expect("Lang"));
    let lang = String::from_utf8_lossy(lang.as_str().unwrap()).to_string();
    assert!(lang.starts_with("sv"), "{input}: /Lang {lang}");
    let prefs = resolve(&doc, catalog.get(b"ViewerPreferences").expect("ViewerPreferences")).as_dict().unwrap();
    assert!(prefs.get(b"DisplayDocTitle").unwrap().as_bool().unwrap(), "{input}: title not displayed");
    assert!(f.xmp.contains(title), "{input}: title not in the XMP metadata");
    assert!(f.fonts > 0 && f.fonts_without_file.is_empty(), "{input}: fonts not embedded: {:?}", f.fonts_without_file);
    assert_eq!(f.figures_without_alt, 0, "{input}: {} of {} figures without /Alt", f.figures_without_alt, f.figures);
    if figures {
        assert!(f.figures > 0, "{input}: no figures tagged");
    }
    // Slide decks have one heading level (slide titles); documents have chapters and sections.
    let levels: &[&str] = if tables || figures { &["H1", "H2"] } else { &["H1"] };
    for heading in levels {
        assert!(f.struct_types.iter().any(|t| t == heading), "{input}: no {heading} headings");
    }
    if tables {
        assert!(f.struct_types.iter().any(|t| t == "Table"), "{input}: no tables tagged");
        assert!(f.struct_types.iter().any(|t| t == "TH"), "{input}: no header cells (TH)");
    }
}

#[test]
fn every_example_is_tagged_titled_embedded_and_described() {
    let dir = tempdir();
    for (input, title, tables, figures) in [
        ("data/hagersten-alvsjo.toml", "Kompetensförsörjningsplan för Hägersten-Älvsjö", true, false),
        ("data/leanlink-uppfoljning.toml", "Uppföljning av verksamhetsplan 2023", true, true),
        (
            "data/trelleborg-dr2-2023.toml",
            "Uppföljning av kompetensstrategi (2022–2024) för Socialförvaltningen",
            true,
            true,
        ),
        ("data/vaxjo-kompetensforum.toml", "Omsorgsförvaltningens kompetensforum för vård och omsorg", false, false),
    ] {
        let bytes = build(input, dir.path(), "a2a-ua1");
        check_accessible(input, &bytes, title, tables, figures);
    }
}

#[test]
fn standard_claims_match_the_chosen_standard() {
    let dir = tempdir();
    for (standard, pdfa, pdfua) in
        [("a2a-ua1", Some("A"), true), ("a2b", Some("B"), false), ("ua1", None, true), ("ingen", None, false)]
    {
        let bytes = build("data/leanlink-uppfoljning.toml", &dir.path().join(standard), standard);
        let (_, f) = inspect(&bytes);
        match pdfa {
            Some(conformance) => {
                assert!(f.xmp.contains("<pdfaid:part>2</pdfaid:part>"), "{standard}: no PDF/A-2 claim");
                assert!(
                    f.xmp.contains(&format!("<pdfaid:conformance>{conformance}</pdfaid:conformance>")),
                    "{standard}: conformance"
                );
            }
            None => assert!(!f.xmp.contains("pdfaid:part"), "{standard}: claims PDF/A"),
        }
        assert_eq!(f.xmp.contains("<pdfuaid:part>1</pdfuaid:part>"), pdfua, "{standard}: PDF/UA claim");
    }
}
