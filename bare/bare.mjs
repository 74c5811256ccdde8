const mark = (n) => { (self.marks ||= []).push([n, Math.round(performance.timeOrigin + performance.now())]); };
mark('script');

const { loadPyodide } = await import("../assets/pyodide/pyodide.mjs");
const pyodide = await loadPyodide();
mark('loaded');
window.marks2 = self.marks;
document.getElementById("state").textContent = "ready";
document.getElementById("go").onclick = () => { document.getElementById("state").textContent = "result"; };
