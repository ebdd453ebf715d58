import Link from 'next/link';

export default function Home() {
  return (
    <main>
      <h1>Acme Projects</h1>
      <Link href="/projects">Projects</Link>
    </main>
  );
}
