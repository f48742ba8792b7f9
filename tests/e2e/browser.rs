//! chromedriver on a free port, one headless Chromium session, and small waiting helpers.

use fantoccini::{elements::Element, Client, ClientBuilder, Locator};
use serde_json::json;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// How long any one wait for an element may take.
const WAIT: Duration = Duration::from_secs(30);

pub struct Tools {
    pub chromium: PathBuf,
    pub chromedriver: PathBuf,
}

fn which(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    for dir in std::env::split_paths(&path) {
        for n in names {
            let p = dir.join(n);
            if p.is_file() {
                return Some(p);
            }
        }
    }
    None
}

pub fn find_tools() -> Option<Tools> {
    Some(Tools {
        chromium: which(&["chromium", "chromium-browser", "google-chrome"])?,
        chromedriver: which(&["chromedriver"])?,
    })
}

pub struct Browser {
    pub client: Client,
    driver: Child,
    _profile: tempfile::TempDir,
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Browser {
    pub async fn start(tools: &Tools) -> Browser {
        let port = free_port();
        let driver = Command::new(&tools.chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let profile = tempfile::tempdir().expect("profile dir");
        let url = format!("http://127.0.0.1:{port}");
        // chromedriver answers /status once it listens; poll that (no fixed sleep).
        let http = reqwest::Client::new();
        let mut ready = false;
        for _ in 0..200 {
            if http.get(format!("{url}/status")).send().await.is_ok() {
                ready = true;
                break;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        assert!(ready, "chromedriver did not start on {url}");
        let args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-dev-shm-usage".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--no-first-run".into(),
            "--window-size=1280,1000".into(),
            "--lang=th-TH".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let mut caps = serde_json::Map::new();
        caps.insert(
            "goog:chromeOptions".into(),
            json!({"binary": tools.chromium.display().to_string(), "args": args}),
        );
        let client = ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new())
            .capabilities(caps)
            .connect(&url)
            .await
            .expect("WebDriver session");
        Browser {
            client,
            driver,
            _profile: profile,
        }
    }

    pub async fn stop(mut self) {
        let _ = self.client.clone().close().await;
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }

    pub async fn wait_for(&self, css: &str) -> Result<Element, String> {
        self.client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
            .map_err(|e| format!("waiting for {css}: {e}"))
    }

    pub async fn goto(&self, url: &str) -> Result<(), String> {
        self.client
            .goto(url)
            .await
            .map_err(|e| format!("goto {url}: {e}"))
    }

    pub async fn text(&self, css: &str) -> Result<String, String> {
        self.wait_for(css)
            .await?
            .text()
            .await
            .map_err(|e| format!("text of {css}: {e}"))
    }

    pub async fn click(&self, css: &str) -> Result<(), String> {
        self.wait_for(css)
            .await?
            .click()
            .await
            .map_err(|e| format!("click {css}: {e}"))
    }

    pub async fn type_into(&self, css: &str, text: &str) -> Result<(), String> {
        let e = self.wait_for(css).await?;
        e.clear().await.map_err(|e| format!("clear {css}: {e}"))?;
        e.send_keys(text)
            .await
            .map_err(|e| format!("type into {css}: {e}"))
    }

    pub async fn source(&self) -> Result<String, String> {
        self.client.source().await.map_err(|e| e.to_string())
    }

    /// Saves a PNG of the page to target/screenshots/NAME.png.
    pub async fn screenshot(&self, name: &str) -> Result<(), String> {
        let png = self.client.screenshot().await.map_err(|e| e.to_string())?;
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/screenshots");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        std::fs::write(dir.join(format!("{name}.png")), png).map_err(|e| e.to_string())
    }
}
